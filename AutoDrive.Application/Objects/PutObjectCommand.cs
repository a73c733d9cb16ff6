using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>
/// PutObject: store <see cref="Body"/> under the caller's (bucket, key). <see cref="DeclaredLength"/> is the
/// decoded length the client announced (null when it streams without one); <see cref="ContentMd5"/> and
/// <see cref="Checksum"/> are what the body must match. <see cref="PendingUploadCredits"/> is what the caller had left
/// when the request began (null: unlimited).
/// </summary>
public sealed record PutObjectCommand(
    Guid OwnerId,
    string Bucket,
    string Key,
    Stream Body,
    long? DeclaredLength,
    ContentHeaders Headers,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    Md5Digest? ContentMd5,
    ChecksumExpectation? Checksum = null,
    long? PendingUploadCredits = null);
