using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>CompleteMultipartUpload: the parts the client lists, and the composite checksum it claims (if any).</summary>
public sealed record CompleteMultipartUploadCommand(
    Guid OwnerId,
    string Bucket,
    string Key,
    string UploadId,
    IReadOnlyList<CompletedPart> Parts,
    string? ClaimedChecksum = null);
