using AutoDrive.Application.Native;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class NativeUploadRepository(AutoDriveDbContext db) : INativeUploadRepository
{
    public Task<NativeUpload?> FindAsync(UploadId id, CancellationToken cancellationToken) =>
        db.NativeUploads.FirstOrDefaultAsync(u => u.Id == id.Value, cancellationToken);

    public void Add(NativeUpload upload) => db.NativeUploads.Add(upload);

    public async Task<IReadOnlyList<NativeUpload>> ListCompletedMembersAsync(UploadId folderId, CancellationToken cancellationToken) =>
        await db.NativeUploads.AsNoTracking()
            .Where(u => u.FolderId == folderId.Value && u.Status == NativeUploadStatus.Completed)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Idle: not completed, and neither the upload, its chunks, nor (for a folder) its files and their chunks were
    /// touched since the cut-off. Receiving a chunk never writes the upload row, so its chunks tell when it was last
    /// active. Files of a folder come before the folder, so a pass frees their staging before the folder goes.
    /// </summary>
    public async Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken)
    {
        var ids = await db.Database.SqlQuery<IdleUpload>(
            $"""
            SELECT u.id AS id FROM native_uploads u
            WHERE u.status <> 'Completed' AND u.updated_at < {idleBefore}
              AND NOT EXISTS (SELECT 1 FROM upload_chunks c WHERE c.upload_id = u.id AND c.received_at >= {idleBefore})
              AND NOT EXISTS (
                  SELECT 1 FROM native_uploads m
                  WHERE m.folder_id = u.id
                    AND (m.updated_at >= {idleBefore}
                         OR EXISTS (SELECT 1 FROM upload_chunks c WHERE c.upload_id = m.id AND c.received_at >= {idleBefore})))
            ORDER BY (u.folder_id IS NULL), u.updated_at
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return ids.Select(i => UploadId.Parse(i.Id)).ToList();
    }

    private sealed record IdleUpload(string Id);

    public Task DeleteAsync(UploadId id, CancellationToken cancellationToken) =>
        db.NativeUploads.Where(u => u.Id == id.Value).ExecuteDeleteAsync(cancellationToken);
}
