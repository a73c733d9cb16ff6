using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

/// <summary>The completed object: its composite ETag (unquoted, <c>hex-N</c>), CID and composite checksum.</summary>
public sealed record CompleteMultipartUploadResult(string Bucket, string Key, string ETag, string Cid, ObjectChecksum? Checksum);
