namespace AutoDrive.Application.Listing;

/// <summary>Where a page of a listing starts: after a key, or past a whole common prefix.</summary>
public sealed record ListingStart(string Value, ListingBoundKind Kind)
{
    /// <summary>
    /// The start a client's marker or start-after names. A marker under a common prefix of this listing (its
    /// prefix, then text, then the delimiter) continues after that whole common prefix: the prefix sorts before
    /// the marker, so it was listed already. This covers V1 clients resuming from a <c>NextMarker</c> that is a
    /// common prefix (docs/s3-wire.md, ListObjects V1), and any marker inside one, so that paging by markers never
    /// shows a common prefix twice, whatever marker a client picks (moto and Ceph RGW do the same). Any other marker
    /// continues after itself.
    /// </summary>
    public static ListingStart FromMarker(string marker, string prefix, string? delimiter) =>
        delimiter is not null && CommonPrefixRule.Of(marker, prefix, delimiter) is { } commonPrefix
            ? new ListingStart(commonPrefix, ListingBoundKind.PastPrefix)
            : new ListingStart(marker, ListingBoundKind.After);
}
