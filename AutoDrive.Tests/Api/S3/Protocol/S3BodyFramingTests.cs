using AutoDrive.Api.S3.Protocol;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AutoDrive.Tests.Api.S3.Protocol;

public class S3BodyFramingTests
{
    [Test]
    public void FromHeaders_BotocoreUnsignedTrailer_IsAwsChunkedWithDecodedLengthAndTrailer()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ("x-amz-decoded-content-length", "1048576"),
            ("x-amz-trailer", "x-amz-checksum-crc32"),
            ("x-amz-sdk-checksum-algorithm", "CRC32"),
            ("Content-Encoding", "aws-chunked"),
            ("Transfer-Encoding", "chunked")));

        Assert.That(framing.IsAwsChunked, Is.True);
        Assert.That(framing.DecodedContentLength, Is.EqualTo(1048576));
        Assert.That(framing.PayloadLength, Is.EqualTo(1048576));
        Assert.That(framing.ContentLength, Is.Null);
        Assert.That(framing.DeclaredTrailers, Is.EqualTo(new[] { "x-amz-checksum-crc32" }));
        Assert.That(framing.StoredContentEncoding, Is.Null);
    }

    [Test]
    public void FromHeaders_DotNetSdkSignedTrailer_IsAwsChunkedWithBothLengths()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
            ("x-amz-decoded-content-length", "200000"),
            ("x-amz-trailer", "X-Amz-Checksum-CRC32"),
            ("Content-Encoding", "aws-chunked"),
            ("Content-Length", "200573")));

        Assert.That(framing.IsAwsChunked, Is.True);
        Assert.That(framing.ContentLength, Is.EqualTo(200573));
        Assert.That(framing.PayloadLength, Is.EqualTo(200000));
        Assert.That(framing.DeclaredTrailers, Is.EqualTo(new[] { "x-amz-checksum-crc32" }));
    }

    [Test]
    public void FromHeaders_DecodedLengthWithoutStreamingSha256_IsAwsChunked()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
            ("x-amz-decoded-content-length", "5"),
            ("Content-Length", "15")));

        Assert.That(framing.IsAwsChunked, Is.True);
    }

    [Test]
    public void FromHeaders_StreamingSha256WithoutDecodedLength_IsAwsChunkedWithUnknownLength()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("Content-Length", "15")));

        Assert.That(framing.IsAwsChunked, Is.True);
        Assert.That(framing.PayloadLength, Is.Null);
    }

    [Test]
    public void FromHeaders_AwsChunkedContentEncodingOnPlainBody_IsPlainAndStripsEncoding()
    {
        // ceph/s3-tests sends this on an empty plain body.
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
            ("Content-Encoding", "aws-chunked"),
            ("Content-Length", "0")));

        Assert.That(framing.IsAwsChunked, Is.False);
        Assert.That(framing.PayloadLength, Is.Zero);
        Assert.That(framing.StoredContentEncoding, Is.Null);
    }

    [Test]
    public void FromHeaders_PlainBodyWithContentLength_IsPlainWithThatLength()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("Content-Length", "42")));

        Assert.That(framing.IsAwsChunked, Is.False);
        Assert.That(framing.ContentLength, Is.EqualTo(42));
        Assert.That(framing.PayloadLength, Is.EqualTo(42));
        Assert.That(framing.DeclaredTrailers, Is.Empty);
    }

    [Test]
    public void FromHeaders_PlainBodyWithChunkedTransferEncoding_HasUnknownLength()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(("Transfer-Encoding", "chunked")));

        Assert.That(framing.IsAwsChunked, Is.False);
        Assert.That(framing.PayloadLength, Is.Null);
    }

    [Test]
    public void FromHeaders_NoContentLengthNorChunked_ThrowsMissingContentLength()
    {
        var error = Assert.Throws<DomainException>(() => S3BodyFraming.FromHeaders(Headers(("Content-Type", "text/plain"))));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.LengthRequired));
    }

    [Test]
    public void FromHeaders_NoLengthOverFramedTransport_HasUnknownLength()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(), transportFramesBody: true);

        Assert.That(framing.PayloadLength, Is.Null);
    }

    [TestCase("Content-Length", "-1")]
    [TestCase("Content-Length", "12a")]
    [TestCase("Content-Length", "1e3")]
    [TestCase("Content-Length", "99999999999999999999")]
    [TestCase("x-amz-decoded-content-length", "-5")]
    [TestCase("x-amz-decoded-content-length", "five")]
    public void FromHeaders_MalformedLength_ThrowsInvalidArgument(string header, string value)
    {
        var headers = Headers(("Content-Length", "10"));
        headers[header] = value;

        var error = Assert.Throws<DomainException>(() => S3BodyFraming.FromHeaders(headers));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void FromHeaders_ConflictingContentLengths_ThrowsInvalidArgument()
    {
        var headers = Headers();
        headers["Content-Length"] = new StringValues(["10", "11"]);

        var error = Assert.Throws<DomainException>(() => S3BodyFraming.FromHeaders(headers));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [TestCase("aws-chunked", null)]
    [TestCase("AWS-Chunked", null)]
    [TestCase("gzip,aws-chunked", "gzip")]
    [TestCase("aws-chunked, gzip", "gzip")]
    [TestCase(" gzip , aws-chunked ", "gzip")]
    [TestCase("gzip, br,aws-chunked", "gzip,br")]
    [TestCase("gzip", "gzip")]
    [TestCase("gzip, br", "gzip, br")]
    [TestCase("", null)]
    [TestCase(" , ", null)]
    public void FromHeaders_ContentEncoding_StoresItWithoutAwsChunked(string contentEncoding, string? stored)
    {
        var framing = S3BodyFraming.FromHeaders(Headers(("Content-Length", "0"), ("Content-Encoding", contentEncoding)));

        Assert.That(framing.StoredContentEncoding, Is.EqualTo(stored));
    }

    [Test]
    public void FromHeaders_NoContentEncoding_StoresNone()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(("Content-Length", "0")));

        Assert.That(framing.StoredContentEncoding, Is.Null);
    }

    [Test]
    public void FromHeaders_ContentEncodingInSeveralHeaderValues_StripsAwsChunkedFromAll()
    {
        var headers = Headers(("Content-Length", "0"));
        headers["Content-Encoding"] = new StringValues(["aws-chunked", "gzip"]);

        Assert.That(S3BodyFraming.FromHeaders(headers).StoredContentEncoding, Is.EqualTo("gzip"));
    }

    [Test]
    public void FromHeaders_SeveralDeclaredTrailers_ListsThemLowerCasedOnce()
    {
        var framing = S3BodyFraming.FromHeaders(Headers(
            ("Transfer-Encoding", "chunked"),
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ("x-amz-trailer", "x-amz-checksum-crc32c, X-Amz-Checksum-CRC32C,x-amz-meta-a")));

        Assert.That(framing.DeclaredTrailers, Is.EqualTo(new[] { "x-amz-checksum-crc32c", "x-amz-meta-a" }));
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
