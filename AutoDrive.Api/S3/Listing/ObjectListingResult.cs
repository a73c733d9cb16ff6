using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;
using AutoDrive.Api.S3.Xml;
using AutoDrive.Application.Listing;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Listing;

/// <summary>
/// A <c>ListBucketResult</c> of ListObjectsV2 or ListObjects (V1). With <c>encoding-type=url</c> the keys,
/// common prefixes, delimiter, start-after and (V1) markers are percent-encoded; V1's <c>Prefix</c> is echoed
/// raw (botocore does not decode it); tokens are never encoded.
/// </summary>
public sealed class ObjectListingResult(ObjectListing listing, S3Owner owner) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var v2 = listing.Version == ListingVersion.V2;
        await using var writer = ListingXml.Start(context.HttpContext);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "ListBucketResult", S3Xml.Namespace);
        await Element(writer, "Name", listing.Bucket);
        await Element(writer, "Prefix", v2 ? Encoded(listing.Prefix) : listing.Prefix);
        if (v2)
        {
            await OptionalElement(writer, "StartAfter", Encoded(listing.StartAfter));
            await OptionalElement(writer, "ContinuationToken", listing.ContinuationToken);
            await OptionalElement(writer, "NextContinuationToken", listing.NextContinuationToken);
            await Element(writer, "KeyCount", listing.KeyCount.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            await Element(writer, "Marker", Encoded(listing.Marker) ?? string.Empty);
            await OptionalElement(writer, "NextMarker", Encoded(listing.NextMarker));
        }

        await Element(writer, "MaxKeys", listing.MaxKeys.ToString(CultureInfo.InvariantCulture));
        await OptionalElement(writer, "Delimiter", Encoded(listing.Delimiter));
        if (listing.UrlEncoded)
        {
            await Element(writer, "EncodingType", "url");
        }

        await Element(writer, "IsTruncated", listing.IsTruncated ? "true" : "false");
        var withOwner = !v2 || listing.FetchOwner;
        foreach (var item in listing.Objects)
        {
            await writer.WriteStartElementAsync(null, "Contents", S3Xml.Namespace);
            await Element(writer, "Key", Encoded(item.Key));
            await Element(writer, "LastModified", S3Xml.FormatTimestamp(item.LastModified));
            await Element(writer, "ETag", $"\"{item.ETag}\"");
            await Element(writer, "Size", item.Size.ToString(CultureInfo.InvariantCulture));
            if (withOwner)
            {
                await ListingXml.WriteOwnerAsync(writer, owner);
            }

            await Element(writer, "StorageClass", "STANDARD");
            await writer.WriteEndElementAsync();
        }

        foreach (var commonPrefix in listing.CommonPrefixes)
        {
            await writer.WriteStartElementAsync(null, "CommonPrefixes", S3Xml.Namespace);
            await Element(writer, "Prefix", Encoded(commonPrefix));
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await ListingXml.SendAsync(context.HttpContext, writer);
    }

    [return: NotNullIfNotNull(nameof(value))]
    private string? Encoded(string? value) =>
        value is not null && listing.UrlEncoded ? S3UrlEncoding.Encode(value) : value;

    private static Task Element(XmlWriter writer, string name, string value) =>
        writer.WriteElementStringAsync(null, name, S3Xml.Namespace, value);

    private static Task OptionalElement(XmlWriter writer, string name, string? value) =>
        value is null ? Task.CompletedTask : Element(writer, name, value);
}
