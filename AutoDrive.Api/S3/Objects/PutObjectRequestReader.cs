using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Content;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Api.S3.Objects;

/// <summary>
/// Reads a PutObject request off the wire: the body (decoding aws-chunked), the content headers, the metadata,
/// and the Content-MD5 and <c>x-amz-checksum-*</c> claims (a trailer claim is read once the body has ended).
/// </summary>
internal static class PutObjectRequestReader
{
    public static PutObjectCommand Read(HttpContext context, Guid ownerId, string bucket, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var framing = S3BodyFraming.FromHeaders(request.Headers, transportFramesBody: !IsHttp1(request.Protocol));
        var checks = S3ChecksumRequest.FromHeaders(request.Headers, framing);

        // Clients send Expect: 100-continue; Kestrel answers it when the body is first read, after auth.
        var chunked = framing.IsAwsChunked ? new AwsChunkedDecodingStream(request.Body, framing.DecodedContentLength) : null;
        var checksum = new ChecksumExpectation(checks.Algorithm, () => checks.GetClaim(chunked?.Trailers));

        var headers = new ContentHeaders(
            ContentType: NullIfEmpty(request.ContentType),
            ContentEncoding: framing.StoredContentEncoding,
            ContentDisposition: NullIfEmpty(request.Headers.ContentDisposition),
            ContentLanguage: NullIfEmpty(request.Headers.ContentLanguage),
            CacheControl: NullIfEmpty(request.Headers.CacheControl),
            Expires: NullIfEmpty(request.Headers.Expires));

        return new PutObjectCommand(
            ownerId, bucket, key, chunked ?? request.Body, framing.PayloadLength, headers, ReadMetadata(request.Headers),
            checks.ContentMd5, checksum);
    }

    /// <summary>The <c>x-amz-meta-*</c> headers, names without the prefix (lower-cased by the domain).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadMetadata(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers
            .Where(h => h.Key.StartsWith(ObjectHeaders.MetadataPrefix, StringComparison.OrdinalIgnoreCase)
                && h.Key.Length > ObjectHeaders.MetadataPrefix.Length)
            .Select(h => KeyValuePair.Create(h.Key[ObjectHeaders.MetadataPrefix.Length..], h.Value.ToString()))
            .ToList();
    }

    private static bool IsHttp1(string protocol) => HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
