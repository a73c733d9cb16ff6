using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Where the parts of multipart uploads wait, and where they are assembled into one DSN content. Assembly runs
/// ahead of Complete: as contiguous parts arrive, they are appended and hashed (the CID is computed over the
/// whole stream), so that Complete costs little more than the last part. Callers serialise assembly of an upload
/// (see <see cref="IUploadLocks"/>).
/// </summary>
public interface IMultipartStaging
{
    /// <summary>
    /// Starts staging a part. <paramref name="assumedOffset"/> is where the part probably starts in the object (clients
    /// cut equal parts): the staging may then compute the part's share of the CID while it streams in, and assembly
    /// need not read it again when the guess proves right. Null when there is no good guess.
    /// </summary>
    Task<IStagedPartWriter> BeginPartAsync(UploadId uploadId, int partNumber, long? assumedOffset, CancellationToken cancellationToken);

    /// <summary>Extends the assembly with the given parts (1, 2, ... contiguous, in order) not yet assembled.</summary>
    Task AdvanceAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken);

    /// <summary>Assembles exactly <paramref name="parts"/> (reusing what was assembled ahead) and stores the result on the DSN.</summary>
    Task<DsnStoredContent> FinishAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken);

    /// <summary>
    /// The MD5 of <paramref name="parts"/> in order, read from where they are staged (a native upload's ETag is its whole
    /// MD5: reading the staging is cheaper than reading the content back from the DSN, which may be a network away).
    /// </summary>
    Task<Md5Digest> ComputeMd5Async(UploadId uploadId, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken);

    /// <summary>Frees everything staged for the upload.</summary>
    Task DiscardAsync(UploadId uploadId, CancellationToken cancellationToken);
}
