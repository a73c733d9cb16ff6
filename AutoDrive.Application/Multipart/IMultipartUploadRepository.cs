using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

public interface IMultipartUploadRepository
{
    /// <summary>The upload with its parts, tracked for update; null when unknown.</summary>
    Task<MultipartUpload?> FindAsync(UploadId id, CancellationToken cancellationToken);

    void Add(MultipartUpload upload);

    /// <summary>
    /// The caller's uploads in progress in a bucket, in (key, initiation, id) order, after the markers, at most
    /// <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<UploadSummary>> ListInProgressAsync(
        Guid ownerId, string bucket, string prefix, string? keyMarker, string? uploadIdMarker, int limit, CancellationToken cancellationToken);

    /// <summary>Uploads not completed whose last activity is before <paramref name="idleBefore"/>.</summary>
    Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets completed and aborted uploads finished before <paramref name="finishedBefore"/>; returns how many.</summary>
    Task<int> DeleteFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken);
}
