using AutoDrive.Api.S3.Xml;
using AutoDrive.Application.Listing;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Listing;

/// <summary>ListBuckets' <c>ListAllMyBucketsResult</c>: the owner, the buckets, the next page's token if any.</summary>
public sealed class BucketListingResult(BucketListing listing, S3Owner owner) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var writer = ListingXml.Start(context.HttpContext);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "ListAllMyBucketsResult", S3Xml.Namespace);
        await ListingXml.WriteOwnerAsync(writer, owner);
        await writer.WriteStartElementAsync(null, "Buckets", S3Xml.Namespace);
        foreach (var bucket in listing.Buckets)
        {
            await writer.WriteStartElementAsync(null, "Bucket", S3Xml.Namespace);
            await writer.WriteElementStringAsync(null, "Name", S3Xml.Namespace, bucket.Name);
            await writer.WriteElementStringAsync(null, "CreationDate", S3Xml.Namespace, S3Xml.FormatTimestamp(bucket.CreationDate));
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        if (listing.ContinuationToken is not null)
        {
            await writer.WriteElementStringAsync(null, "ContinuationToken", S3Xml.Namespace, listing.ContinuationToken);
        }

        if (listing.Prefix is not null)
        {
            await writer.WriteElementStringAsync(null, "Prefix", S3Xml.Namespace, S3XmlText.Safe(listing.Prefix));
        }

        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await ListingXml.SendAsync(context.HttpContext, writer);
    }
}
