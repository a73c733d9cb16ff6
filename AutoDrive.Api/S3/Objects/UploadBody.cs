using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;

namespace AutoDrive.Api.S3.Objects;

/// <summary>
/// The body of a PutObject or UploadPart as the application takes it: the payload stream (aws-chunked framing
/// decoded), its announced length, the Content-MD5 and checksum it must match (a trailer claim is read once the
/// body has ended), and the Content-Encoding to store.
/// </summary>
internal sealed record UploadBody(Stream Stream, long? Length, Md5Digest? ContentMd5, ChecksumExpectation Checksum, string? ContentEncoding)
{
    public static UploadBody Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http1 = HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol);
        var framing = S3BodyFraming.FromHeaders(request.Headers, transportFramesBody: !http1);
        var checks = S3ChecksumRequest.FromHeaders(request.Headers, framing);

        // Clients send Expect: 100-continue; Kestrel answers it when the body is first read, after auth.
        var chunked = framing.IsAwsChunked ? new AwsChunkedDecodingStream(request.Body, framing.DecodedContentLength) : null;
        var checksum = new ChecksumExpectation(checks.Algorithm, () => checks.GetClaim(chunked?.Trailers));
        return new UploadBody(chunked ?? request.Body, framing.PayloadLength, checks.ContentMd5, checksum, framing.StoredContentEncoding);
    }
}
