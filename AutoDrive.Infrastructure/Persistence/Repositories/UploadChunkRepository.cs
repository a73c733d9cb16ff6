using AutoDrive.Application.Native;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class UploadChunkRepository(AutoDriveDbContext db) : IUploadChunkRepository
{
    /// <summary>
    /// One statement: the upload row is read FOR SHARE (concurrent chunks do not block each other; a completion's UPDATE
    /// of the row waits for them, and a chunk arriving after the completion began sees it no longer pending), and the
    /// chunk is inserted only into a pending upload, once per index.
    /// </summary>
    public async Task<ChunkReceipt> TryAddAsync(UploadChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var outcome = await db.Database.SqlQuery<ChunkInsert>(
            $"""
            WITH upload AS (
                SELECT id FROM native_uploads WHERE id = {chunk.UploadId} AND status = 'Pending' FOR SHARE
            ), added AS (
                INSERT INTO upload_chunks (upload_id, index, size, md5, staged_name, received_at)
                SELECT upload.id, {chunk.Index}, {chunk.Size}, {chunk.Md5.ToArray()}, {chunk.StagedName}, {chunk.ReceivedAt} FROM upload
                ON CONFLICT (upload_id, index) DO NOTHING
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM upload) AS pending, EXISTS (SELECT 1 FROM added) AS added
            """).ToListAsync(cancellationToken);
        if (!outcome.Single().Pending)
        {
            return new ChunkReceipt(false, null);
        }

        if (outcome.Single().Added)
        {
            return new ChunkReceipt(true, null);
        }

        var existing = await db.UploadChunks.AsNoTracking()
            .SingleAsync(c => c.UploadId == chunk.UploadId && c.Index == chunk.Index, cancellationToken);
        return new ChunkReceipt(true, existing);
    }

    public async Task<IReadOnlyList<UploadChunk>> ListAsync(UploadId uploadId, CancellationToken cancellationToken) =>
        await db.UploadChunks.AsNoTracking().Where(c => c.UploadId == uploadId.Value).OrderBy(c => c.Index).ToListAsync(cancellationToken);

    public async Task<(int? HighestIndex, long? FirstChunkSize)> GetProgressAsync(UploadId uploadId, CancellationToken cancellationToken)
    {
        var progress = await db.Database.SqlQuery<ChunkProgress>(
            $"""
            SELECT (SELECT max(index) FROM upload_chunks WHERE upload_id = {uploadId.Value}) AS highest_index,
                   (SELECT size FROM upload_chunks WHERE upload_id = {uploadId.Value} AND index = 0) AS first_chunk_size
            """).ToListAsync(cancellationToken);
        return (progress.Single().HighestIndex, progress.Single().FirstChunkSize);
    }

    private sealed record ChunkInsert(bool Pending, bool Added);

    private sealed record ChunkProgress(int? HighestIndex, long? FirstChunkSize);
}
