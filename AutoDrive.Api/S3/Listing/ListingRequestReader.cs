using AutoDrive.Application.Listing;

namespace AutoDrive.Api.S3.Listing;

/// <summary>
/// Reads the listing parameters from the query as sent: an absent parameter is null, <c>prefix=</c> (or a bare
/// <c>prefix</c>) is empty. Validation is the application's.
/// </summary>
public static class ListingRequestReader
{
    public static ListObjectsRequest ReadObjects(IQueryCollection query, Guid ownerId, string bucket, ListingVersion version)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new ListObjectsRequest(
            ownerId,
            bucket,
            version,
            Prefix: Value(query, "prefix"),
            Delimiter: Value(query, "delimiter"),
            MaxKeys: Value(query, "max-keys"),
            Marker: Value(query, "marker"),
            ContinuationToken: Value(query, "continuation-token"),
            StartAfter: Value(query, "start-after"),
            EncodingType: Value(query, "encoding-type"),
            FetchOwner: string.Equals(Value(query, "fetch-owner"), "true", StringComparison.OrdinalIgnoreCase));
    }

    public static ListBucketsRequest ReadBuckets(IQueryCollection query, Guid ownerId)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new ListBucketsRequest(
            ownerId,
            MaxBuckets: Value(query, "max-buckets"),
            ContinuationToken: Value(query, "continuation-token"),
            Prefix: Value(query, "prefix"));
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;
}
