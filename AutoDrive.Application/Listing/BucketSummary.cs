namespace AutoDrive.Application.Listing;

/// <summary>A bucket as ListBuckets shows it; <see cref="CreationDate"/> is its creation or first write.</summary>
public sealed record BucketSummary(string Name, DateTimeOffset CreationDate);
