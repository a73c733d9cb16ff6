using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// CompleteMultipartUpload: the parts the client lists, the composite checksum it claims (if any), and the upload credits
/// the caller had left when the request began (null: unlimited).
/// </summary>
public sealed record CompleteMultipartUploadCommand(
    Guid OwnerId,
    string Bucket,
    string Key,
    string UploadId,
    IReadOnlyList<CompletedPart> Parts,
    string? ClaimedChecksum = null,
    long? PendingUploadCredits = null);
