namespace AutoDrive.Application.Listing;

/// <summary>
/// ListBuckets of the caller: pages of <see cref="MaxBuckets"/> (raw text, validated here: 1 to 10,000), 10,000 when
/// absent, as S3 caps it.
/// </summary>
public sealed record ListBucketsRequest(Guid OwnerId, string? MaxBuckets = null, string? ContinuationToken = null, string? Prefix = null);
