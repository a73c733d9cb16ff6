using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Multipart;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class MultipartUploadRepository(AutoDriveDbContext db) : IMultipartUploadRepository
{
    public Task<MultipartUpload?> FindAsync(UploadId id, CancellationToken cancellationToken) =>
        db.MultipartUploads.Include(u => u.Parts).FirstOrDefaultAsync(u => u.Id == id.Value, cancellationToken);

    public void Add(MultipartUpload upload) => db.MultipartUploads.Add(upload);

    public async Task<IReadOnlyList<UploadSummary>> ListInProgressAsync(
        Guid ownerId, string bucket, string prefix, string? keyMarker, string? uploadIdMarker, int limit, CancellationToken cancellationToken)
    {
        var query = db.MultipartUploads.AsNoTracking()
            .Where(u => u.OwnerId == ownerId && u.BucketName == bucket
                && (u.State == UploadState.Active || u.State == UploadState.Completing));
        if (prefix.Length > 0)
        {
            query = query.Where(u => u.Key.StartsWith(prefix));
        }

        if (keyMarker is not null)
        {
            // After (key, upload id): the rest of the marker's key when an upload id is given, else the next keys.
            query = uploadIdMarker is null
                ? query.Where(u => string.Compare(u.Key, keyMarker) > 0)
                : query.Where(u => string.Compare(u.Key, keyMarker) > 0 || (u.Key == keyMarker && string.Compare(u.Id, uploadIdMarker) > 0));
        }

        return await query
            .OrderBy(u => u.Key).ThenBy(u => u.Id)
            .Take(limit)
            .Select(u => new UploadSummary(u.Key, u.Id, u.InitiatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken)
    {
        var ids = await db.MultipartUploads.AsNoTracking()
            .Where(u => (u.State == UploadState.Active || u.State == UploadState.Completing) && u.UpdatedAt < idleBefore)
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
