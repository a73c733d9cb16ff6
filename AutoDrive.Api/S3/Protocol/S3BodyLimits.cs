using AutoDrive.Api.S3.Routing;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Multipart;
using Microsoft.AspNetCore.Http.Features;

namespace AutoDrive.Api.S3.Protocol;

/// <summary>
/// The largest request body of each S3 operation (docs/s3-wire.md, limits). Set on the request once its operation is
/// known, before anything reads the body: a declared length past the limit is EntityTooLarge (400) at once, and Kestrel
/// stops a body without a declared length at the limit (413, answered as EntityTooLarge as well).
/// </summary>
public static class S3BodyLimits
{
    /// <summary>
    /// PutObject and UploadPart: 5 GiB of payload. The 5 GiB are checked on the payload itself (the declared, or
    /// aws-chunked decoded, length up front, and the bytes as they stream); the wire may carry more for the aws-chunked
    /// framing: a chunk header of at most ~90 bytes per chunk of at least 8 KiB adds under 1/64, plus the trailers.
    /// </summary>
    public const long UploadWire = MultipartUpload.MaxPartSize + (MultipartUpload.MaxPartSize / 64) + (64 * 1024);

    /// <summary>
    /// CompleteMultipartUpload: 10,000 parts, each at most ~400 bytes of XML (a Part element with a 5-digit PartNumber,
    /// an ETag quoted as <c>&amp;quot;</c> entities, one Checksum element of up to 64 characters, and indentation, is
    /// about 230): 4 MiB.
    /// </summary>
    public const long CompleteXml = 4L * 1024 * 1024;

    /// <summary>DeleteObjects: 1,000 keys of up to 1,024 bytes each, written with XML character references: 8 MiB.</summary>
    public const long DeleteObjectsXml = 8L * 1024 * 1024;

    /// <summary>Every other operation: a small XML body at most (CreateBucket's configuration, refused sub-resources).</summary>
    public const long SmallXml = 1024 * 1024;

    public static long For(S3Operation operation) => operation switch
    {
        S3Operation.PutObject or S3Operation.UploadPart => UploadWire,
        S3Operation.CompleteMultipartUpload => CompleteXml,
        S3Operation.DeleteObjects => DeleteObjectsXml,
        _ => SmallXml,
    };

    /// <summary>
    /// Applies the operation's limit: refuses a declared Content-Length past it, and has Kestrel stop a longer body.
    /// An aws-chunked PUT's decoded length is checked against 5 GiB where the body is read (ContentIngestor).
    /// </summary>
    public static void Apply(HttpContext context, S3Operation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = For(operation);
        if (context.Request.ContentLength > limit)
        {
            throw new DomainException(
                ErrorKind.ContentTooLarge, $"Your proposed upload exceeds the maximum allowed size: this request's body may be at most {limit} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }
}
