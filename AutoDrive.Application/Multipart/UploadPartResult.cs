using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

/// <summary>The staged part: its unquoted ETag (hex MD5) and validated checksum.</summary>
public sealed record UploadPartResult(string ETag, ObjectChecksum? Checksum);
