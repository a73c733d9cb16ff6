namespace AutoDrive.Application.Listing;

/// <summary>
/// The owner's buckets whose names start with <see cref="Prefix"/>, after <see cref="After"/> (from the first
/// when null), in byte order; at most <see cref="Limit"/> (the page and one more, to tell whether another follows).
/// </summary>
public sealed record BucketPageQuery(Guid OwnerId, string Prefix, string? After, int Limit);
