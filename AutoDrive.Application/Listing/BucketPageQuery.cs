namespace AutoDrive.Application.Listing;

/// <summary>
/// The owner's buckets whose names start with <see cref="Prefix"/>, after <see cref="After"/> (from the first
/// when null), in byte order; all of them when <see cref="Limit"/> is null.
/// </summary>
public sealed record BucketPageQuery(Guid OwnerId, string Prefix, string? After, int? Limit);
