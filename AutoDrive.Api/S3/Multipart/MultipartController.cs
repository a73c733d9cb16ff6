using System.Globalization;
using System.Xml.Linq;
using AutoDrive.Api.Common;
using AutoDrive.Api.S3.Objects;
using AutoDrive.Api.S3.Routing;
using AutoDrive.Api.S3.Xml;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Application.Listing;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Multipart;

/// <summary>CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.</summary>
public sealed class MultipartController(MultipartService multipart) : S3ControllerBase
{
    private static XNamespace Ns => S3XmlResult.Ns;

    [HttpPost]
    [S3Operation(S3Operation.CreateMultipartUpload)]
    public async Task<IActionResult> CreateMultipartUpload()
    {
        var headers = Request.Headers;
        var algorithm = headers.TryGetValue(ChecksumAlgorithmHeader, out var name) ? ChecksumAlgorithms.ParseName(name.ToString()) : (Domain.Objects.ChecksumAlgorithm?)null;
        var result = await multipart.CreateAsync(
            new CreateMultipartUploadCommand(
                User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!,
                PutObjectRequestReader.ReadContentHeaders(Request, NullIfEmpty(headers.ContentEncoding)),
                PutObjectRequestReader.ReadMetadata(headers), algorithm),
            HttpContext.RequestAborted);
        if (result.ChecksumAlgorithm is { } declared)
        {
            Response.Headers[ChecksumAlgorithmHeader] = ChecksumAlgorithms.GetName(declared);
        }

        return new S3XmlResult(new XElement(
            Ns + "InitiateMultipartUploadResult",
            new XElement(Ns + "Bucket", result.Bucket),
            new XElement(Ns + "Key", result.Key),
            new XElement(Ns + "UploadId", result.UploadId)));
    }

    [HttpPut]
    [S3Operation(S3Operation.UploadPart)]
    public async Task<IActionResult> UploadPart()
    {
        var partNumber = int.TryParse(Request.Query["partNumber"], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new DomainException(ErrorKind.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive.");
        var body = UploadBody.Read(Request);
        var result = await multipart.UploadPartAsync(
            new UploadPartCommand(
                User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!, Request.Query["uploadId"].ToString(), partNumber,
                body.Stream, body.Length, body.ContentMd5, body.Checksum),
            HttpContext.RequestAborted);
        Response.Headers.ETag = ObjectHeaders.Quote(result.ETag);
        ObjectHeaders.WriteChecksum(Response.Headers, result.Checksum, writeType: false);
        return new OkResult();
    }

    [HttpPost]
    [S3Operation(S3Operation.CompleteMultipartUpload)]
    public async Task<IActionResult> CompleteMultipartUpload()
    {
        var parts = await CompleteMultipartUploadReader.ReadAsync(Request.Body, Request.ContentLength, HttpContext.RequestAborted);
        var claimed = ChecksumAlgorithms.All
            .Select(a => Request.Headers[ChecksumAlgorithms.GetHeaderName(a)].ToString())
            .FirstOrDefault(v => v.Length > 0);
        var result = await multipart.CompleteAsync(
            new CompleteMultipartUploadCommand(
                User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!, Request.Query["uploadId"].ToString(), parts, claimed, User.GetCaller().PendingUploadCredits),
            HttpContext.RequestAborted);

        HeaderValues.Set(Response.Headers, ObjectHeaders.CidHeader, result.Cid);
        var body = new XElement(
            Ns + "CompleteMultipartUploadResult",
            new XElement(Ns + "Location", $"{Request.Scheme}://{Request.Host}{S3Routes.Prefix}/{Uri.EscapeDataString(result.Bucket)}/{EscapeKey(result.Key)}"),
            new XElement(Ns + "Bucket", result.Bucket),
            new XElement(Ns + "Key", result.Key),
            new XElement(Ns + "ETag", ObjectHeaders.Quote(result.ETag)));
        if (result.Checksum is { } checksum)
        {
            body.Add(new XElement(Ns + ("Checksum" + ChecksumAlgorithms.GetName(checksum.Algorithm)), checksum.Value));
            body.Add(new XElement(Ns + "ChecksumType", "COMPOSITE"));
        }

        return new S3XmlResult(body);
    }

    [HttpDelete]
    [S3Operation(S3Operation.AbortMultipartUpload)]
    public async Task<IActionResult> AbortMultipartUpload()
    {
        await multipart.AbortAsync(User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!, Request.Query["uploadId"].ToString(), HttpContext.RequestAborted);
        return new NoContentResult();
    }

    [HttpGet]
    [S3Operation(S3Operation.ListParts)]
    public async Task<IActionResult> ListParts()
    {
        var marker = ParseOptionalInt("part-number-marker") ?? 0;
        var urlEncoded = MultipartListingEncoding.Read(Request.Query);
        var listing = await multipart.ListPartsAsync(
            User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!, Request.Query["uploadId"].ToString(), marker, ParseOptionalInt("max-parts"),
            HttpContext.RequestAborted);
        MultipartListingEncoding.EnsureShowable(urlEncoded, listing.Key);
        var owner = Owner(listing.OwnerId);
        var body = new XElement(
            Ns + "ListPartsResult",
            new XElement(Ns + "Bucket", listing.Bucket),
            new XElement(Ns + "Key", MultipartListingEncoding.Encode(urlEncoded, listing.Key)),
            new XElement(Ns + "UploadId", listing.UploadId),
            new XElement(Ns + "Initiator", owner.Elements()),
            owner,
            new XElement(Ns + "StorageClass", "STANDARD"),
            new XElement(Ns + "PartNumberMarker", listing.PartNumberMarker),
            listing.NextPartNumberMarker is { } next ? new XElement(Ns + "NextPartNumberMarker", next) : null,
            new XElement(Ns + "MaxParts", listing.MaxParts),
            new XElement(Ns + "IsTruncated", listing.IsTruncated ? "true" : "false"),
            urlEncoded ? new XElement(Ns + "EncodingType", ListingEncoding.Url) : null);
        if (listing.ChecksumAlgorithm is { } algorithm)
        {
            body.Add(new XElement(Ns + "ChecksumAlgorithm", ChecksumAlgorithms.GetName(algorithm)));
        }

        foreach (var part in listing.Parts)
        {
            var element = new XElement(
                Ns + "Part",
                new XElement(Ns + "PartNumber", part.PartNumber),
                new XElement(Ns + "LastModified", S3Xml.FormatTimestamp(part.LastModified)),
                new XElement(Ns + "ETag", ObjectHeaders.Quote(part.ETag)),
                new XElement(Ns + "Size", part.Size));
            if (part.Checksum is { } checksum)
            {
                element.Add(new XElement(Ns + ("Checksum" + ChecksumAlgorithms.GetName(checksum.Algorithm)), checksum.Value));
            }

            body.Add(element);
        }

        return new S3XmlResult(body);
    }

    [HttpGet]
    [S3Operation(S3Operation.ListMultipartUploads)]
    public async Task<IActionResult> ListMultipartUploads()
    {
        var query = Request.Query;
        var urlEncoded = MultipartListingEncoding.Read(query);
        var listing = await multipart.ListUploadsAsync(
            User.GetUserId(), S3.Target.Bucket!, query["prefix"], query["delimiter"], query["key-marker"], query["upload-id-marker"],
            ParseOptionalInt("max-uploads"), HttpContext.RequestAborted);
        MultipartListingEncoding.EnsureShowable(
            urlEncoded,
            [listing.KeyMarker, listing.UploadIdMarker, listing.NextKeyMarker, listing.Prefix, listing.Delimiter,
                .. listing.Uploads.Select(u => u.Key), .. listing.CommonPrefixes]);
        string? Encoded(string? value) => MultipartListingEncoding.Encode(urlEncoded, value);
        var owner = Owner(User.GetUserId());
        var body = new XElement(
            Ns + "ListMultipartUploadsResult",
            new XElement(Ns + "Bucket", listing.Bucket),
            new XElement(Ns + "KeyMarker", Encoded(listing.KeyMarker) ?? string.Empty),
            new XElement(Ns + "UploadIdMarker", listing.UploadIdMarker ?? string.Empty),
            listing.NextKeyMarker is { } nextKey ? new XElement(Ns + "NextKeyMarker", Encoded(nextKey)) : null,
            listing.NextUploadIdMarker is { } nextId ? new XElement(Ns + "NextUploadIdMarker", nextId) : null,
            new XElement(Ns + "Prefix", Encoded(listing.Prefix)),
            listing.Delimiter is { } delimiter ? new XElement(Ns + "Delimiter", Encoded(delimiter)) : null,
            new XElement(Ns + "MaxUploads", listing.MaxUploads),
            new XElement(Ns + "IsTruncated", listing.IsTruncated ? "true" : "false"),
            urlEncoded ? new XElement(Ns + "EncodingType", ListingEncoding.Url) : null);
        foreach (var upload in listing.Uploads)
        {
            body.Add(new XElement(
                Ns + "Upload",
                new XElement(Ns + "Key", Encoded(upload.Key)),
                new XElement(Ns + "UploadId", upload.UploadId),
                new XElement(Ns + "Initiator", owner.Elements()),
                owner,
                new XElement(Ns + "StorageClass", "STANDARD"),
                new XElement(Ns + "Initiated", S3Xml.FormatTimestamp(upload.Initiated))));
        }

        foreach (var prefix in listing.CommonPrefixes)
        {
            body.Add(new XElement(Ns + "CommonPrefixes", new XElement(Ns + "Prefix", Encoded(prefix))));
        }

        return new S3XmlResult(body);
    }

    private const string ChecksumAlgorithmHeader = "x-amz-checksum-algorithm";

    private XElement Owner(Guid id) => new(
        Ns + "Owner",
        new XElement(Ns + "ID", id.ToString()),
        new XElement(Ns + "DisplayName", User.GetUserName()));

    private int? ParseOptionalInt(string name)
    {
        var value = Request.Query[name].ToString();
        return value.Length == 0
            ? null
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new DomainException(ErrorKind.InvalidArgument, $"'{name}' must be a non-negative integer.");
    }

    private static string EscapeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
