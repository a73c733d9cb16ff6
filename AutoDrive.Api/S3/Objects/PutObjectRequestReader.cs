using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AutoDrive.Api.S3.Objects;

/// <summary>Reads a PutObject request off the wire: the body (decoding aws-chunked), content headers, metadata, digests.</summary>
public static class PutObjectRequestReader
{
    public static PutObjectCommand Read(HttpContext context, Guid ownerId, string bucket, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var framing = S3BodyFraming.FromHeaders(request.Headers, transportFramesBody: !HttpProtocol.IsHttp11(request.Protocol) && !HttpProtocol.IsHttp10(request.Protocol));

        // Clients send Expect: 100-continue; Kestrel answers it when the body is first read, after auth.
        var body = framing.IsAwsChunked
            ? new AwsChunkedDecodingStream(request.Body, framing.DecodedContentLength)
            : request.Body;

        var headers = new ContentHeaders(
            ContentType: NullIfEmpty(request.ContentType),
            ContentEncoding: framing.StoredContentEncoding,
            ContentDisposition: NullIfEmpty(request.Headers.ContentDisposition),
            ContentLanguage: NullIfEmpty(request.Headers.ContentLanguage),
            CacheControl: NullIfEmpty(request.Headers.CacheControl),
            Expires: NullIfEmpty(request.Headers.Expires));

        var contentMd5 = request.Headers.ContainsKey(HeaderNames.ContentMD5)
            ? ContentMd5.Parse(request.Headers.ContentMD5)
            : (Domain.Content.Md5Digest?)null;

        return new PutObjectCommand(ownerId, bucket, key, body, framing.PayloadLength, headers, ReadMetadata(request.Headers), contentMd5);
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

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
