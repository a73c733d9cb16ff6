using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Application.Content.Checksums;

public class ChecksumClaimTests
{
    [TestCase(ChecksumAlgorithm.Crc32, "6+bG5g==")]
    [TestCase(ChecksumAlgorithm.Crc32C, " yKEG5Q== ")]
    [TestCase(ChecksumAlgorithm.Crc64Nvme, "n3hVaQAaPTQ=")]
    [TestCase(ChecksumAlgorithm.Sha1, "lDpwLQbzRZmu4fjajvn3KWAx1pk=")]
    [TestCase(ChecksumAlgorithm.Sha256, "MV9b23bQeMQ7isAGTkoBZGErH853yGk0W/yUx1iU7dM=")]
    public void Parse_Base64OfDigestSize_ReturnsCanonicalChecksum(ChecksumAlgorithm algorithm, string value)
    {
        var claim = ChecksumClaim.Parse(algorithm, value);

        Assert.That(claim, Is.EqualTo(new ObjectChecksum(algorithm, value.Trim())));
    }

    [TestCase(ChecksumAlgorithm.Crc32, "")]
    [TestCase(ChecksumAlgorithm.Crc32, null)]
    [TestCase(ChecksumAlgorithm.Crc32, "not base64!")]
    [TestCase(ChecksumAlgorithm.Crc32, "AAAAAAAAAAA=")]
    [TestCase(ChecksumAlgorithm.Crc32C, "AAA=")]
    [TestCase(ChecksumAlgorithm.Crc64Nvme, "6+bG5g==")]
    [TestCase(ChecksumAlgorithm.Sha1, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [TestCase(ChecksumAlgorithm.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Parse_NotBase64OfDigestSize_ThrowsBadDigest(ChecksumAlgorithm algorithm, string? value)
    {
        var error = Assert.Throws<DomainException>(() => ChecksumClaim.Parse(algorithm, value));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
    }

    [Test]
    public void Verify_MatchingChecksum_DoesNotThrow()
    {
        using var computed = IncrementalChecksum.Create(ChecksumAlgorithm.Crc32);
        computed.Append("Hello, world!"u8);

        Assert.That(() => ChecksumClaim.Verify(ChecksumClaim.Parse(ChecksumAlgorithm.Crc32, "6+bG5g=="), computed), Throws.Nothing);
    }

    [Test]
    public void Verify_DifferentChecksum_ThrowsBadDigest()
    {
        using var computed = IncrementalChecksum.Create(ChecksumAlgorithm.Crc32);
        computed.Append("Hello, world?"u8);

        var error = Assert.Throws<DomainException>(() =>
            ChecksumClaim.Verify(ChecksumClaim.Parse(ChecksumAlgorithm.Crc32, "6+bG5g=="), computed));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
    }

    [Test]
    public void Verify_ComputedWithAnotherAlgorithm_ThrowsArgumentException()
    {
        using var computed = IncrementalChecksum.Create(ChecksumAlgorithm.Crc32C);

        Assert.That(
            () => ChecksumClaim.Verify(new ObjectChecksum(ChecksumAlgorithm.Crc32, "AAAAAA=="), computed),
            Throws.ArgumentException);
    }
}
