namespace AutoDrive.Application.Listing;

/// <summary>Where a page of a listing starts: after a key, or past a whole common prefix.</summary>
public sealed record ListingStart(string Value, ListingBoundKind Kind)
{
    /// <summary>
    /// The start a client's marker or start-after names. A marker equal to a common prefix of this listing
    /// (its prefix, then text, then the delimiter's first occurrence ending the marker) continues after the whole
    /// prefix: V1 clients resume from <c>NextMarker</c>, which is a common prefix when the page ended on one.
    /// Any other marker continues after itself, so a common prefix it falls inside is listed.
    /// </summary>
    public static ListingStart FromMarker(string marker, string prefix, string? delimiter) =>
        delimiter is not null && CommonPrefixRule.IsCommonPrefix(marker, prefix, delimiter)
            ? new ListingStart(marker, ListingBoundKind.PastPrefix)
            : new ListingStart(marker, ListingBoundKind.After);
}
