using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

/// <summary>A part as ListParts shows it.</summary>
public sealed record PartSummary(int PartNumber, string ETag, long Size, DateTimeOffset LastModified, ObjectChecksum? Checksum);
