using AutoDrive.Application.Common;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using FluentValidation;

namespace AutoDrive.Application.Listing;

/// <summary>
/// ListBuckets, ListObjects (V1) and ListObjectsV2 of the caller's own buckets (docs/s3-wire.md, listings): the parameter
/// rules, where a page starts (token, start-after, marker), truncation, the next marker or token, and what the
/// answer echoes. The listing index does the reading, one page at a time.
/// </summary>
public sealed class ListingService(
    IObjectListingQuery objects,
    IBucketListingQuery buckets,
    IValidator<ListObjectsRequest> listObjectsValidator,
    IValidator<ListBucketsRequest> listBucketsValidator)
{
    public async Task<ObjectListing> ListObjectsAsync(ListObjectsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await listObjectsValidator.ValidateOrThrowAsync(request, cancellationToken);
        await EnsureBucketExistsAsync(request.OwnerId, request.Bucket, cancellationToken);

        var prefix = request.Prefix ?? string.Empty;
        var delimiter = string.IsNullOrEmpty(request.Delimiter) ? null : request.Delimiter;
        var maxKeys = ListingLimits.EffectiveMaxKeys(request.MaxKeys);
        var start = StartOf(request, prefix, delimiter);

        // One entry more than the page tells whether the listing goes on.
        var rows = maxKeys == 0
            ? []
            : await objects.ListAsync(new ListingPageQuery(request.OwnerId, request.Bucket, prefix, delimiter, start, maxKeys + 1), cancellationToken);
        var isTruncated = rows.Count > maxKeys;
        var page = isTruncated ? rows.Take(maxKeys).ToList() : rows;

        var listed = new List<ListedObject>(page.Count);
        var commonPrefixes = new List<string>();
        foreach (var row in page)
        {
            if (row.CommonPrefix is { } commonPrefix)
            {
                commonPrefixes.Add(commonPrefix);
            }
            else
            {
                listed.Add(new ListedObject(row.Key, row.UpdatedAt, ETagOf(row), row.Size));
            }
        }

        var last = isTruncated ? page[^1] : null;
        var listing = new ObjectListing
        {
            Bucket = request.Bucket,
            Version = request.Version,
            Prefix = prefix,
            Delimiter = delimiter,
            MaxKeys = maxKeys,
            IsTruncated = isTruncated,
            UrlEncoded = ListingEncoding.IsUrl(request.EncodingType),
            FetchOwner = request.FetchOwner,
            Marker = request.Version == ListingVersion.V1 ? request.Marker ?? string.Empty : null,
            NextMarker = request.Version == ListingVersion.V1 && last is not null ? last.CommonPrefix ?? last.Key : null,
            ContinuationToken = request.Version == ListingVersion.V2 ? request.ContinuationToken : null,
            NextContinuationToken = request.Version == ListingVersion.V2 && last is not null ? ListingToken.Encode(ResumeAfter(last)) : null,
            StartAfter = request.Version == ListingVersion.V2 ? request.StartAfter : null,
            Objects = listed,
            CommonPrefixes = commonPrefixes,
        };

        if (!listing.UrlEncoded && !CanBeShownAsXml(listing))
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                "The listing contains characters that XML cannot carry; list with encoding-type=url.");
        }

        return listing;
    }

    public async Task<BucketListing> ListBucketsAsync(ListBucketsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await listBucketsValidator.ValidateOrThrowAsync(request, cancellationToken);

        // Without max-buckets S3 answers at most 10,000 buckets (and a token for the rest): never an unbounded read.
        var max = ListingLimits.TryParseCount(request.MaxBuckets, out var count) ? count : ListingLimits.MaxBucketsCap;
        var after = ListingToken.TryDecode(request.ContinuationToken, out var start) ? start.Value : null;
        var found = await buckets.ListAsync(
            new BucketPageQuery(request.OwnerId, request.Prefix ?? string.Empty, after, max + 1),
            cancellationToken);

        if (found.Count > max)
        {
            var page = found.Take(max).ToList();
            return new BucketListing(page, ListingToken.Encode(new ListingStart(page[^1].Name, ListingBoundKind.After)), request.Prefix);
        }

        return new BucketListing(found, null, request.Prefix);
    }

    /// <summary>Where the page starts. V2: the token wins over start-after. Empty parameters mean absent.</summary>
    private static ListingStart? StartOf(ListObjectsRequest request, string prefix, string? delimiter)
    {
        if (request.Version == ListingVersion.V2)
        {
            if (ListingToken.TryDecode(request.ContinuationToken, out var resumed))
            {
                return resumed;
            }

            return string.IsNullOrEmpty(request.StartAfter) ? null : ListingStart.FromMarker(request.StartAfter, prefix, delimiter);
        }

        return string.IsNullOrEmpty(request.Marker) ? null : ListingStart.FromMarker(request.Marker, prefix, delimiter);
    }

    /// <summary>The next page starts after the last key, or past the whole last common prefix.</summary>
    private static ListingStart ResumeAfter(ListingRow last) =>
        last.CommonPrefix is { } commonPrefix
            ? new ListingStart(commonPrefix, ListingBoundKind.PastPrefix)
            : new ListingStart(last.Key, ListingBoundKind.After);

    private async Task EnsureBucketExistsAsync(Guid ownerId, string bucket, CancellationToken cancellationToken)
    {
        // Every user has the default bucket (the guide's single-segment rule), written to or not.
        if (string.Equals(bucket, BucketName.Default.Value, StringComparison.Ordinal))
        {
            return;
        }

        if (!await buckets.ExistsAsync(ownerId, bucket, cancellationToken))
        {
            throw new DomainException(ErrorKind.BucketNotFound, "The specified bucket does not exist.");
        }
    }

    /// <summary>The ETag from the mapping row: hex MD5, <c>hex-N</c> for multipart, the CID for a legacy row without MD5.</summary>
    private static string ETagOf(ListingRow row) =>
        row.Md5 is null
            ? row.Cid
            : row.PartCount is { } parts
                ? $"{Convert.ToHexStringLower(row.Md5)}-{parts}"
                : Convert.ToHexStringLower(row.Md5);

    private static bool CanBeShownAsXml(ObjectListing listing) =>
        XmlCharacters.AreLegal(listing.Prefix)
        && XmlCharacters.AreLegal(listing.Delimiter)
        && XmlCharacters.AreLegal(listing.Marker)
        && XmlCharacters.AreLegal(listing.StartAfter)
        && listing.Objects.All(o => XmlCharacters.AreLegal(o.Key))
        && listing.CommonPrefixes.All(XmlCharacters.AreLegal);
}
