using System.Globalization;
using AutoDrive.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AutoDrive.Tests.Infrastructure.Persistence;

/// <summary>
/// The gate of race tests: a test that forces an interleaving starts a statement on one backend and waits here, on a
/// third connection, until PostgreSQL reports that backend blocked by another's lock (<c>pg_blocking_pids</c>). Nothing is
/// timed: the wait ends on the observed state, or fails the test when the statement finished first or the hang guard
/// expires.
/// </summary>
public static class LockWaits
{
    /// <summary>A hang guard, not a measurement.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>The backend process id of the context's connection, which is opened and kept open for its later statements.</summary>
    public static async Task<int> OpenAndGetBackendPidAsync(AutoDriveDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT pg_backend_pid()";
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Returns once backend <paramref name="pid"/> waits for a lock another backend holds, while <paramref name="statement"/> runs.</summary>
    public static async Task WaitUntilBlockedAsync(string connectionString, int pid, Task statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT cardinality(pg_blocking_pids(@pid)) > 0", connection);
        command.Parameters.AddWithValue("pid", pid);
        using var guard = new CancellationTokenSource(HangGuard);
        while (!(bool)(await command.ExecuteScalarAsync(guard.Token))!)
        {
            Assert.That(statement.IsCompleted, Is.False, "the statement finished without waiting for the lock");
            await Task.Delay(5, guard.Token);
        }

        Assert.That(statement.IsCompleted, Is.False);
    }

    /// <summary>
    /// Returns once some backend waits for a lock that backend <paramref name="holderPid"/> holds (the test's own
    /// connection, holding a lock that the server's statement will want), while <paramref name="statement"/> runs.
    /// </summary>
    public static async Task WaitUntilSomeoneWaitsOnAsync(string connectionString, int holderPid, Task statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE @holder = ANY (pg_blocking_pids(pid)))", connection);
        command.Parameters.AddWithValue("holder", holderPid);
        using var guard = new CancellationTokenSource(HangGuard);
        while (!(bool)(await command.ExecuteScalarAsync(guard.Token))!)
        {
            Assert.That(statement.IsCompleted, Is.False, "the statement finished without waiting for the lock");
            await Task.Delay(5, guard.Token);
        }

        Assert.That(statement.IsCompleted, Is.False);
    }
}
