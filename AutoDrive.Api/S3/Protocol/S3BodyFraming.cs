using System.Globalization;
using AutoDrive.Domain.Common;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AutoDrive.Api.S3.Protocol;

/// <summary>
/// How an S3 request body is framed, read from the request headers alone: plain or <c>aws-chunked</c>, the
/// lengths, the declared trailers and the Content-Encoding to store.
/// </summary>
/// <remarks>
/// aws-chunked is detected by <c>x-amz-content-sha256</c> starting with <c>STREAMING-</c> or by the presence of
/// <c>x-amz-decoded-content-length</c>; a Content-Encoding of <c>aws-chunked</c> alone does not mean framing
/// (ceph/s3-tests sends it on an empty plain body), it is only stripped from the stored value.
/// </remarks>
internal sealed class S3BodyFraming
{
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string DecodedContentLengthHeader = "x-amz-decoded-content-length";
    public const string TrailerHeader = "x-amz-trailer";
    public const string StreamingPrefix = "STREAMING-";
    public const string AwsChunkedToken = "aws-chunked";

    private S3BodyFraming(
        bool isAwsChunked,
        long? contentLength,
        long? decodedContentLength,
        IReadOnlyList<string> declaredTrailers,
        string? storedContentEncoding)
    {
        IsAwsChunked = isAwsChunked;
        ContentLength = contentLength;
        DecodedContentLength = decodedContentLength;
        DeclaredTrailers = declaredTrailers;
        StoredContentEncoding = storedContentEncoding;
    }

    /// <summary>Whether the body is aws-chunked framing to decode with <see cref="AwsChunkedDecodingStream"/>.</summary>
    public bool IsAwsChunked { get; }

    /// <summary>The HTTP body's declared length (<c>Content-Length</c>); null with <c>Transfer-Encoding: chunked</c>
    /// or when the transport frames the body. For aws-chunked this counts the framing too.</summary>
    public long? ContentLength { get; }

    /// <summary>The <c>x-amz-decoded-content-length</c>: the payload size inside aws-chunked framing.</summary>
    public long? DecodedContentLength { get; }

    /// <summary>The payload's size when known before reading it: the decoded length for aws-chunked, the
    /// Content-Length for a plain body; null when only reading the body tells.</summary>
    public long? PayloadLength => IsAwsChunked ? DecodedContentLength : ContentLength;

    /// <summary>The trailer names announced in <c>x-amz-trailer</c>, lower-cased (e.g. <c>x-amz-checksum-crc32</c>).</summary>
    public IReadOnlyList<string> DeclaredTrailers { get; }

    /// <summary>The Content-Encoding to store and return: the request's with the <c>aws-chunked</c> token removed;
    /// null when nothing remains.</summary>
    public string? StoredContentEncoding { get; }

    /// <summary>Reads the framing of a request body from its headers.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="transportFramesBody">True for HTTP/2 and HTTP/3, where frames delimit the body and neither
    /// Content-Length nor Transfer-Encoding is required.</param>
    /// <exception cref="DomainException"><see cref="ErrorKind.LengthRequired"/> when the body has neither a
    /// Content-Length nor chunked transfer encoding; <see cref="ErrorKind.InvalidArgument"/> when a length is
    /// negative or malformed.</exception>
    public static S3BodyFraming FromHeaders(IHeaderDictionary headers, bool transportFramesBody = false)
    {
        ArgumentNullException.ThrowIfNull(headers);

        var decodedHeader = headers[DecodedContentLengthHeader];
        var contentSha256 = headers[ContentSha256Header].ToString();
        var isAwsChunked = !StringValues.IsNullOrEmpty(decodedHeader)
            || contentSha256.StartsWith(StreamingPrefix, StringComparison.OrdinalIgnoreCase);
        var decodedLength = StringValues.IsNullOrEmpty(decodedHeader)
            ? (long?)null
            : ParseLength(decodedHeader, DecodedContentLengthHeader);

        long? contentLength = null;
        if (!IsChunkedTransfer(headers.TransferEncoding))
        {
            var contentLengthHeader = headers[HeaderNames.ContentLength];
            if (!StringValues.IsNullOrEmpty(contentLengthHeader))
            {
                contentLength = ParseLength(contentLengthHeader, HeaderNames.ContentLength);
            }
            else if (!transportFramesBody)
            {
                throw new DomainException(
                    ErrorKind.LengthRequired, "You must provide the Content-Length HTTP header.");
            }
        }

        return new S3BodyFraming(
            isAwsChunked,
            contentLength,
            decodedLength,
            SplitTokens(headers[TrailerHeader]).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList(),
            StripAwsChunked(headers.ContentEncoding));
    }

    /// <summary>Removes the <c>aws-chunked</c> token from a Content-Encoding; null when nothing remains.</summary>
    public static string? StripAwsChunked(StringValues contentEncoding)
    {
        var tokens = SplitTokens(contentEncoding);
        var kept = tokens.Where(t => !string.Equals(t, AwsChunkedToken, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        // Unchanged values are stored as sent.
        return kept.Count == tokens.Count && contentEncoding.Count == 1
            ? contentEncoding.ToString().Trim()
            : string.Join(',', kept);
    }

    private static bool IsChunkedTransfer(StringValues transferEncoding) =>
        SplitTokens(transferEncoding).Any(t => string.Equals(t, "chunked", StringComparison.OrdinalIgnoreCase));

    private static List<string> SplitTokens(StringValues values)
    {
        var tokens = new List<string>();
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    private static long ParseLength(StringValues values, string headerName)
    {
        long? length = null;
        foreach (var value in values)
        {
            if (!long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                || (length is { } previous && previous != parsed))
            {
                throw new DomainException(
                    ErrorKind.InvalidArgument, $"The {headerName} header is not a non-negative length.");
            }

            length = parsed;
        }

        return length ?? throw new DomainException(
            ErrorKind.InvalidArgument, $"The {headerName} header is not a non-negative length.");
    }
}
