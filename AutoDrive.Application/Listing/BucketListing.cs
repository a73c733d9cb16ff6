namespace AutoDrive.Application.Listing;

/// <summary>ListBuckets' answer: the buckets, the token of the next page when there is one, the prefix echoed.</summary>
public sealed record BucketListing(IReadOnlyList<BucketSummary> Buckets, string? ContinuationToken, string? Prefix);
