using AutoDrive.Api.S3.Protocol;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;
using Microsoft.AspNetCore.Http;

namespace AutoDrive.Tests.Api.S3.Protocol;

public class S3ChecksumRequestTests
{
    [Test]
    public void FromHeaders_BotocoreOverHttp_ClaimsTheCrc32Header()
    {
        var request = Read(
            ("Content-Length", "13"),
            ("x-amz-sdk-checksum-algorithm", "CRC32"),
            ("x-amz-checksum-crc32", "6+bG5g=="));

        Assert.That(request.HeaderClaim, Is.EqualTo(new ObjectChecksum(ChecksumAlgorithm.Crc32, "6+bG5g==")));
        Assert.That(request.Algorithm, Is.EqualTo(ChecksumAlgorithm.Crc32));
        Assert.That(request.GetClaim(trailers: null), Is.EqualTo(request.HeaderClaim));
    }

    [Test]
    public void FromHeaders_AwsChunkedWithCrc32Trailer_ClaimsTheTrailerAfterTheBody()
    {
        var request = Read(
            ("Transfer-Encoding", "chunked"),
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ("x-amz-decoded-content-length", "13"),
            ("x-amz-trailer", "x-amz-checksum-crc32"));

        Assert.That(request.HeaderClaim, Is.Null);
        Assert.That(request.TrailerAlgorithm, Is.EqualTo(ChecksumAlgorithm.Crc32));
        Assert.That(request.Algorithm, Is.EqualTo(ChecksumAlgorithm.Crc32));
        Assert.That(
            request.GetClaim(new Dictionary<string, string> { ["x-amz-checksum-crc32"] = "6+bG5g==" }),
            Is.EqualTo(new ObjectChecksum(ChecksumAlgorithm.Crc32, "6+bG5g==")));
    }

    [Test]
    public void GetClaim_AnnouncedTrailerMissing_ThrowsIncompleteBody()
    {
        var request = Read(
            ("Content-Length", "60"),
            ("x-amz-decoded-content-length", "13"),
            ("x-amz-trailer", "x-amz-checksum-crc32c"));

        var error = Assert.Throws<DomainException>(() => request.GetClaim(new Dictionary<string, string>()));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.IncompleteBody));
    }

    [Test]
    public void GetClaim_MalformedTrailerValue_ThrowsBadDigest()
    {
        var request = Read(
            ("Content-Length", "60"),
            ("x-amz-decoded-content-length", "13"),
            ("x-amz-trailer", "x-amz-checksum-sha256"));

        var error = Assert.Throws<DomainException>(() =>
            request.GetClaim(new Dictionary<string, string> { ["x-amz-checksum-sha256"] = "6+bG5g==" }));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
    }

    [Test]
    public void FromHeaders_AlgorithmNamedWithoutValue_ComputesItWithoutClaim()
    {
        var request = Read(("Content-Length", "13"), ("x-amz-checksum-algorithm", "crc64nvme"));

        Assert.That(request.Algorithm, Is.EqualTo(ChecksumAlgorithm.Crc64Nvme));
        Assert.That(request.GetClaim(trailers: null), Is.Null);
        using var checksum = request.CreateChecksum();
        Assert.That(checksum?.Algorithm, Is.EqualTo(ChecksumAlgorithm.Crc64Nvme));
    }

    [Test]
    public void FromHeaders_NoChecksumHeaders_AsksForNothing()
    {
        var request = Read(("Content-Length", "13"));

        Assert.That(request.Algorithm, Is.Null);
        Assert.That(request.ContentMd5, Is.Null);
        Assert.That(request.CreateChecksum(), Is.Null);
    }

    [Test]
    public void FromHeaders_ContentMd5_ParsesIt()
    {
        var request = Read(("Content-Length", "13"), ("Content-MD5", "bNNVbesNpUvKBgtMOUeYOQ=="));

        Assert.That(request.ContentMd5?.ToHex(), Is.EqualTo("6cd3556deb0da54bca060b4c39479839"));
    }

    [Test]
    public void FromHeaders_EmptyContentMd5WithValidChecksum_ThrowsInvalidDigest()
    {
        var error = Assert.Throws<DomainException>(() =>
            Read(("Content-Length", "13"), ("Content-MD5", ""), ("x-amz-checksum-crc32", "6+bG5g==")));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.MalformedDigest));
    }

    [Test]
    public void FromHeaders_MalformedChecksumHeader_ThrowsBadDigest()
    {
        var error = Assert.Throws<DomainException>(() =>
            Read(("Content-Length", "13"), ("x-amz-checksum-crc32c", "not-base64")));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
    }

    [TestCase("x-amz-checksum-sha1", "lDpwLQbzRZmu4fjajvn3KWAx1pk=", "x-amz-checksum-crc32", "6+bG5g==")]
    [TestCase("x-amz-sdk-checksum-algorithm", "SHA256", "x-amz-checksum-crc32", "6+bG5g==")]
    [TestCase("x-amz-sdk-checksum-algorithm", "MD5", "Content-MD5", "bNNVbesNpUvKBgtMOUeYOQ==")]
    [TestCase("x-amz-trailer", "x-amz-checksum-crc32", "x-amz-checksum-crc32", "6+bG5g==")]
    [TestCase("x-amz-trailer", "x-amz-checksum-crc32,x-amz-checksum-sha1", "x-amz-meta-a", "b")]
    public void FromHeaders_ConflictingOrUnknownChecksums_ThrowsInvalidRequest(
        string header1, string value1, string header2, string value2)
    {
        var error = Assert.Throws<DomainException>(() =>
            Read(("Content-Length", "60"), ("x-amz-decoded-content-length", "13"), (header1, value1), (header2, value2)));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [Test]
    public void FromHeaders_ChecksumTrailerOnPlainBody_ThrowsInvalidRequest()
    {
        var error = Assert.Throws<DomainException>(() =>
            Read(("Content-Length", "13"), ("x-amz-trailer", "x-amz-checksum-crc32")));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    private static S3ChecksumRequest Read(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return S3ChecksumRequest.FromHeaders(dictionary, S3BodyFraming.FromHeaders(dictionary));
    }
}
