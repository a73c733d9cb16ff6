using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Persistence.Listing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class MultipartUploadRepository(AutoDriveDbContext db) : IMultipartUploadRepository
{
    // One statement: the shared lock on the upload row (FOR SHARE: parallel parts do not block one another; a Complete,
    // Abort or expiry locking the row FOR UPDATE waits for the parts in flight, and parts after it see its state), then
    // the upsert on the primary key (upload_id, number): a re-upload of a number replaces the row, and of two writers of
    // one number the one whose statement runs last wins. Read committed re-checks the state on the newest row version.
    private const string RecordPartSql = """
        WITH upload AS (
            SELECT id FROM multipart_uploads WHERE id = @upload_id AND state = 'Active' FOR SHARE)
        INSERT INTO upload_parts (upload_id, number, size, md5, checksum_algorithm, checksum_value, staged_name, uploaded_at)
        SELECT upload.id, @number, @size, @md5, @checksum_algorithm, @checksum_value, @staged_name, @uploaded_at FROM upload
        ON CONFLICT (upload_id, number) DO UPDATE SET
            size = excluded.size, md5 = excluded.md5, checksum_algorithm = excluded.checksum_algorithm,
            checksum_value = excluded.checksum_value, staged_name = excluded.staged_name, uploaded_at = excluded.uploaded_at
        """;

    public Task<MultipartUpload?> FindAsync(UploadId id, CancellationToken cancellationToken) =>
        db.MultipartUploads.FirstOrDefaultAsync(u => u.Id == id.Value, cancellationToken);

    public async Task<MultipartUpload?> FindLockedAsync(UploadId id, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A locked read belongs in a unit of work.");
        }

        // The lock first, then the tracked read: it sees every part committed before the lock was granted.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM multipart_uploads WHERE id = {id.Value} FOR UPDATE", cancellationToken);
        return await db.MultipartUploads.FirstOrDefaultAsync(u => u.Id == id.Value, cancellationToken);
    }

    public void Add(MultipartUpload upload) => db.MultipartUploads.Add(upload);

    public async Task<bool> RecordPartAsync(UploadPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(RecordPartSql, connection);
            command.Parameters.Add(new NpgsqlParameter("upload_id", NpgsqlDbType.Text) { Value = part.UploadId });
            command.Parameters.Add(new NpgsqlParameter("number", NpgsqlDbType.Integer) { Value = part.Number });
            command.Parameters.Add(new NpgsqlParameter("size", NpgsqlDbType.Bigint) { Value = part.Size });
            command.Parameters.Add(new NpgsqlParameter("md5", NpgsqlDbType.Bytea) { Value = part.Md5 });
            command.Parameters.Add(new NpgsqlParameter("checksum_algorithm", NpgsqlDbType.Text) { Value = (object?)part.ChecksumAlgorithm?.ToString() ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("checksum_value", NpgsqlDbType.Text) { Value = (object?)part.ChecksumValue ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("staged_name", NpgsqlDbType.Text) { Value = part.StagedName });
            command.Parameters.Add(new NpgsqlParameter("uploaded_at", NpgsqlDbType.TimestampTz) { Value = part.UploadedAt });
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<long?> FindFirstPartSizeAsync(UploadId id, int exceptNumber, CancellationToken cancellationToken) =>
        await db.Set<UploadPart>().AsNoTracking()
            .Where(p => p.UploadId == id.Value && p.Number != exceptNumber)
            .OrderBy(p => p.Number)
            .Select(p => (long?)p.Size)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<UploadPart>> ListPartsAsync(UploadId id, CancellationToken cancellationToken) =>
        await db.Set<UploadPart>().AsNoTracking()
            .Where(p => p.UploadId == id.Value)
            .OrderBy(p => p.Number)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<UploadPart>> ListPartsAfterAsync(UploadId id, int afterNumber, int limit, CancellationToken cancellationToken) =>
        await db.Set<UploadPart>().AsNoTracking()
            .Where(p => p.UploadId == id.Value && p.Number > afterNumber)
            .OrderBy(p => p.Number)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task<DateTimeOffset?> FindLastPartAtAsync(UploadId id, CancellationToken cancellationToken) =>
        db.Set<UploadPart>().AsNoTracking()
            .Where(p => p.UploadId == id.Value)
            .MaxAsync(p => (DateTimeOffset?)p.UploadedAt, cancellationToken);

    public async Task<IReadOnlyList<UploadListingRow>> ListInProgressAsync(
        Guid ownerId, string bucket, string prefix, string? delimiter, UploadListingStart? start, int limit, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = MultipartUploadListingSql.Command(ownerId, bucket, prefix, delimiter, start, limit, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<UploadListingRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new UploadListingRow(
                    reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken)
    {
        // Idle: no change of the upload row and no part since then (a part does not touch the upload row).
        var ids = await db.MultipartUploads.AsNoTracking()
            .Where(u => (u.State == UploadState.Active || u.State == UploadState.Completing) && u.UpdatedAt < idleBefore)
            .Where(u => !db.Set<UploadPart>().Any(p => p.UploadId == u.Id && p.UploadedAt >= idleBefore))
            .OrderBy(u => u.UpdatedAt)
            .Take(limit)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        return ids.Select(UploadId.Parse).ToList();
    }

    public Task<int> DeleteFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken) =>
        db.MultipartUploads
            .Where(u => (u.State == UploadState.Completed || u.State == UploadState.Aborted) && u.UpdatedAt < finishedBefore)
            .ExecuteDeleteAsync(cancellationToken);
}
