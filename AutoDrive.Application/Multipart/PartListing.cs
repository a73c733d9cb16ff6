using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

/// <summary>A page of ListParts.</summary>
public sealed record PartListing(
    string Bucket,
    string Key,
    string UploadId,
    int PartNumberMarker,
    int? NextPartNumberMarker,
    int MaxParts,
    bool IsTruncated,
    IReadOnlyList<PartSummary> Parts,
    ChecksumAlgorithm? ChecksumAlgorithm,
    Guid OwnerId);
