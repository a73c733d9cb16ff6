namespace AutoDrive.Application.Listing;

/// <summary>
/// One page's read of the listing index: the owner's keys in <see cref="Bucket"/> that start with
/// <see cref="Prefix"/>, from <see cref="Start"/> (the beginning when null), in UTF-8 byte order, folded by
/// <see cref="Delimiter"/> when there is one; at most <see cref="Limit"/> entries.
/// </summary>
public sealed record ListingPageQuery(Guid OwnerId, string Bucket, string Prefix, string? Delimiter, ListingStart? Start, int Limit);
