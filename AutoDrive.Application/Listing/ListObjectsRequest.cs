namespace AutoDrive.Application.Listing;

/// <summary>
/// ListObjects (V1) or ListObjectsV2 of the caller's bucket, with the query parameters as sent: null means the
/// parameter was absent, an empty string that it was present and empty (S3 echoes the two differently).
/// <see cref="MaxKeys"/> is the raw text, validated here and not by the edge.
/// </summary>
public sealed record ListObjectsRequest(
    Guid OwnerId,
    string Bucket,
    ListingVersion Version,
    string? Prefix = null,
    string? Delimiter = null,
    string? MaxKeys = null,
    string? Marker = null,
    string? ContinuationToken = null,
    string? StartAfter = null,
    string? EncodingType = null,
    bool FetchOwner = false);
