using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

public sealed record CreateMultipartUploadCommand(
    Guid OwnerId,
    string Bucket,
    string Key,
    ContentHeaders Headers,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    ChecksumAlgorithm? ChecksumAlgorithm);
