using AutoDrive.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutoDrive.Tests.Infrastructure.Persistence.Listing;

/// <summary>
/// Counts what PostgreSQL reads from a table (object_mappings unless told) — index entries read by index scans plus rows read by
/// sequential scans — through the transaction-local statistics (pg_stat_xact_*), which see the current
/// transaction's statements at once. The reads to count run on the same context inside <see cref="StartAsync"/>'s
/// transaction.
/// </summary>
public sealed class RowsReadCounter : IAsyncDisposable
{
    private const string CounterSql = """
        SELECT (SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
                FROM pg_index i WHERE i.indrelid = @table::regclass)
             + (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_xact_user_tables WHERE relname = @table)
        """;

    private readonly AutoDriveDbContext _db;
    private readonly IDbContextTransaction _transaction;
    private readonly string _table;
    private long _start;

    private RowsReadCounter(AutoDriveDbContext db, IDbContextTransaction transaction, string table)
    {
        _db = db;
        _transaction = transaction;
        _table = table;
    }

    public static async Task<RowsReadCounter> StartAsync(AutoDriveDbContext db, string table = "object_mappings")
    {
        ArgumentNullException.ThrowIfNull(db);
        var counter = new RowsReadCounter(db, await db.Database.BeginTransactionAsync(), table);
        counter._start = await counter.ReadAsync();
        return counter;
    }

    /// <summary>Rows read since the start (or the last call).</summary>
    public async Task<long> TakeAsync()
    {
        var now = await ReadAsync();
        var read = now - _start;
        _start = now;
        return read;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
    }

    private async Task<long> ReadAsync()
    {
        var connection = _db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = CounterSql;
        var table = command.CreateParameter();
        table.ParameterName = "table";
        table.Value = _table;
        command.Parameters.Add(table);
        command.Transaction = _transaction.GetDbTransaction();
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
