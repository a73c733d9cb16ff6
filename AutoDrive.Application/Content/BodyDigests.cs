using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content;

/// <summary>What was computed while a body streamed: its length, MD5 and validated additional checksum.</summary>
public sealed record BodyDigests(long Length, Md5Digest Md5, ObjectChecksum? Checksum);
