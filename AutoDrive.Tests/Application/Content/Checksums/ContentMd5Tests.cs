using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;

namespace AutoDrive.Tests.Application.Content.Checksums;

public class ContentMd5Tests
{
    [Test]
    public void Parse_Base64Of16Bytes_ReturnsDigest()
    {
        // MD5("Hello, world!") = 6cd3556deb0da54bca060b4c39479839
        var digest = ContentMd5.Parse("bNNVbesNpUvKBgtMOUeYOQ==");

        Assert.That(digest.ToHex(), Is.EqualTo("6cd3556deb0da54bca060b4c39479839"));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    [TestCase("not base64")]
    [TestCase("bNNVbesNpUvKBgtMOUeY")]
    [TestCase("AAAAAA==")]
    [TestCase("bNNVbesNpUvKBgtMOUeYOQAA")]
    [TestCase("6cd3556deb0da54bca060b4c39479839")]
    public void Parse_EmptyOrNotBase64Of16Bytes_ThrowsInvalidDigest(string? value)
    {
        var error = Assert.Throws<DomainException>(() => ContentMd5.Parse(value));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.MalformedDigest));
    }

    [Test]
    public void Verify_SameDigest_DoesNotThrow()
    {
        var claimed = ContentMd5.Parse("bNNVbesNpUvKBgtMOUeYOQ==");
        var computed = Md5Digest.FromBytes(Convert.FromHexString("6cd3556deb0da54bca060b4c39479839"));

        Assert.That(() => ContentMd5.Verify(claimed, computed), Throws.Nothing);
    }

    [Test]
    public void Verify_DifferentDigest_ThrowsBadDigest()
    {
        var claimed = ContentMd5.Parse("bNNVbesNpUvKBgtMOUeYOQ==");
        var computed = Md5Digest.FromBytes(new byte[16]);

        var error = Assert.Throws<DomainException>(() => ContentMd5.Verify(claimed, computed));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
    }
}
