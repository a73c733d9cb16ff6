namespace AutoDrive.Domain.Objects;

/// <summary>A validated full-object checksum, kept as the base64 text S3 returns.</summary>
public sealed record ObjectChecksum(ChecksumAlgorithm Algorithm, string Value);
