using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Multipart uploads and their parts. A part is its own row: recording one reads and writes no other row but a
/// shared lock on its upload's row, so parallel parts of one upload never conflict, and no method used per part reads
/// the other parts (its cost does not grow with the part count).
/// </summary>
public interface IMultipartUploadRepository
{
    /// <summary>The upload (without its parts), tracked for update; null when unknown.</summary>
    Task<MultipartUpload?> FindAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>
    /// The upload, tracked for update, its row locked until the unit of work ends (inside one only): parts being
    /// recorded finish first, and parts recorded later see the state this transaction leaves. A Complete reads the
    /// parts after this, so it fixes exactly the parts stored before it. Null when unknown.
    /// </summary>
    Task<MultipartUpload?> FindLockedAsync(UploadId id, CancellationToken cancellationToken);

    void Add(MultipartUpload upload);

    /// <summary>
    /// Stores the part, replacing an earlier part of the same number (the last write the database sees wins, as in
    /// S3), only while the upload is active: one statement under a shared lock of the upload row. False when the
    /// upload is no longer active (completing, completed, aborted, gone): the part is not recorded.
    /// </summary>
    Task<bool> RecordPartAsync(UploadPart part, CancellationToken cancellationToken);

    /// <summary>The size of the lowest-numbered part other than <paramref name="exceptNumber"/>, if any (one index probe).</summary>
    Task<long?> FindFirstPartSizeAsync(UploadId id, int exceptNumber, CancellationToken cancellationToken);

    /// <summary>Every part of the upload, in number order (Complete and assembly: at most 10,000).</summary>
    Task<IReadOnlyList<UploadPart>> ListPartsAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>The parts numbered above <paramref name="afterNumber"/>, in order, at most <paramref name="limit"/> (ListParts).</summary>
    Task<IReadOnlyList<UploadPart>> ListPartsAfterAsync(UploadId id, int afterNumber, int limit, CancellationToken cancellationToken);

    /// <summary>The time of the upload's newest part, or null without parts.</summary>
    Task<DateTimeOffset?> FindLastPartAtAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>
    /// The caller's uploads in progress in a bucket whose keys start with <paramref name="prefix"/>, in (key, upload id)
    /// order, from <paramref name="start"/>, folded by <paramref name="delimiter"/> when given (a common prefix is one
    /// entry, read as one row), at most <paramref name="limit"/> entries.
    /// </summary>
    Task<IReadOnlyList<UploadListingRow>> ListInProgressAsync(
        Guid ownerId, string bucket, string prefix, string? delimiter, UploadListingStart? start, int limit, CancellationToken cancellationToken);

    /// <summary>Uploads not completed with no activity (of their own or a part) since <paramref name="idleBefore"/>.</summary>
    Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets completed and aborted uploads finished before <paramref name="finishedBefore"/>; returns how many.</summary>
    Task<int> DeleteFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken);
}
