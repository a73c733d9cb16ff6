using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>
/// A body to store and what it must satisfy: its declared length (null when streamed without one), the
/// largest size allowed, the Content-MD5 the client sent and the additional checksum it asks for.
/// </summary>
public sealed record IngestRequest(
    Stream Body,
    long? DeclaredLength,
    long MaxLength,
    Md5Digest? ContentMd5,
    ChecksumExpectation? Checksum = null);
