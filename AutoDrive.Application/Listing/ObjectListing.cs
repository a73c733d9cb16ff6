namespace AutoDrive.Application.Listing;

/// <summary>
/// A page of ListObjects (V1) or ListObjectsV2 with everything its answer echoes. Strings are raw (the edge
/// percent-encodes them when <see cref="UrlEncoded"/>). Echoes are null when the request did not carry the
/// parameter; <see cref="Marker"/> is always set for V1 (empty when none).
/// </summary>
public sealed record ObjectListing
{
    public required string Bucket { get; init; }

    public required ListingVersion Version { get; init; }

    public required string Prefix { get; init; }

    public string? Delimiter { get; init; }

    public required int MaxKeys { get; init; }

    public required bool IsTruncated { get; init; }

    public bool UrlEncoded { get; init; }

    public bool FetchOwner { get; init; }

    public string? Marker { get; init; }

    public string? NextMarker { get; init; }

    public string? ContinuationToken { get; init; }

    public string? NextContinuationToken { get; init; }

    public string? StartAfter { get; init; }

    public required IReadOnlyList<ListedObject> Objects { get; init; }

    public required IReadOnlyList<string> CommonPrefixes { get; init; }

    /// <summary>V2's KeyCount: objects and common prefixes together.</summary>
    public int KeyCount => Objects.Count + CommonPrefixes.Count;
}
