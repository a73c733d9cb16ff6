namespace AutoDrive.Application.Listing;

/// <summary>ListBuckets of the caller; pages only when <see cref="MaxBuckets"/> is given (raw text, validated here).</summary>
public sealed record ListBucketsRequest(Guid OwnerId, string? MaxBuckets = null, string? ContinuationToken = null, string? Prefix = null);
