namespace AutoDrive.Application.Listing;

/// <summary>How a page starts relative to <see cref="ListingStart.Value"/>.</summary>
public enum ListingBoundKind
{
    /// <summary>Keys strictly greater than the value (a key, or any marker that is not a common prefix).</summary>
    After,

    /// <summary>
    /// Keys greater than every key starting with the value: the value is a common prefix already listed, and
    /// the whole prefix is skipped in one index seek.
    /// </summary>
    PastPrefix,
}
