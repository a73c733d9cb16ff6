namespace AutoDrive.Application.Listing;

/// <summary>
/// The read port of object listings: pages of the listing index, as DTOs. An implementation must cost per
/// page, not per bucket: a keyset seek to the start, then rows of the page only (a small multiple of the page at
/// most), and one seek past each common prefix instead of reading its keys.
/// </summary>
public interface IObjectListingQuery
{
    /// <summary>
    /// The entries of a page in UTF-8 byte order: each key not under a common prefix, and for each common
    /// prefix (by <see cref="CommonPrefixRule"/>) one row for its first key. Never the same common prefix twice.
    /// </summary>
    Task<IReadOnlyList<ListingRow>> ListAsync(ListingPageQuery query, CancellationToken cancellationToken);
}
