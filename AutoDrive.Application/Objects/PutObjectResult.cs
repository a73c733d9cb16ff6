using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>The stored object as PutObject answers it.</summary>
public sealed record PutObjectResult(string ETag, string Cid, long Size, DateTimeOffset LastModified, ObjectChecksum? Checksum);
