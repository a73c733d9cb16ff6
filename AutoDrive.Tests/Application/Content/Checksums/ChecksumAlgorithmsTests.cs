using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Application.Content.Checksums;

public class ChecksumAlgorithmsTests
{
    [TestCase("CRC32", ChecksumAlgorithm.Crc32)]
    [TestCase("crc32", ChecksumAlgorithm.Crc32)]
    [TestCase("CRC32C", ChecksumAlgorithm.Crc32C)]
    [TestCase("Crc32c", ChecksumAlgorithm.Crc32C)]
    [TestCase("CRC64NVME", ChecksumAlgorithm.Crc64Nvme)]
    [TestCase("crc64nvme", ChecksumAlgorithm.Crc64Nvme)]
    [TestCase("SHA1", ChecksumAlgorithm.Sha1)]
    [TestCase(" sha256 ", ChecksumAlgorithm.Sha256)]
    public void ParseName_KnownName_ReturnsAlgorithm(string name, ChecksumAlgorithm expected)
    {
        Assert.That(ChecksumAlgorithms.ParseName(name), Is.EqualTo(expected));
    }

    [TestCase("MD5")]
    [TestCase("CRC64")]
    [TestCase("SHA-256")]
    [TestCase("")]
    [TestCase(null)]
    public void ParseName_UnknownName_ThrowsInvalidRequest(string? name)
    {
        var error = Assert.Throws<DomainException>(() => ChecksumAlgorithms.ParseName(name));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [TestCase("x-amz-checksum-crc32", ChecksumAlgorithm.Crc32)]
    [TestCase("X-Amz-Checksum-CRC32C", ChecksumAlgorithm.Crc32C)]
    [TestCase("x-amz-checksum-crc64nvme", ChecksumAlgorithm.Crc64Nvme)]
    [TestCase("x-amz-checksum-sha1", ChecksumAlgorithm.Sha1)]
    [TestCase("x-amz-checksum-sha256", ChecksumAlgorithm.Sha256)]
    public void TryParseHeaderName_ChecksumHeader_ReturnsAlgorithm(string header, ChecksumAlgorithm expected)
    {
        Assert.That(ChecksumAlgorithms.TryParseHeaderName(header, out var algorithm), Is.True);
        Assert.That(algorithm, Is.EqualTo(expected));
    }

    [TestCase("x-amz-checksum-algorithm")]
    [TestCase("x-amz-checksum-type")]
    [TestCase("x-amz-checksum-mode")]
    [TestCase("x-amz-trailer-signature")]
    [TestCase("content-md5")]
    public void TryParseHeaderName_OtherHeader_ReturnsFalse(string header)
    {
        Assert.That(ChecksumAlgorithms.TryParseHeaderName(header, out _), Is.False);
    }

    [Test]
    public void Names_EveryAlgorithm_RoundTrip()
    {
        foreach (var algorithm in Enum.GetValues<ChecksumAlgorithm>())
        {
            Assert.That(ChecksumAlgorithms.ParseName(ChecksumAlgorithms.GetName(algorithm)), Is.EqualTo(algorithm));
            Assert.That(ChecksumAlgorithms.TryParseHeaderName(ChecksumAlgorithms.GetHeaderName(algorithm), out var parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(algorithm));
        }

        Assert.That(ChecksumAlgorithms.All, Is.EquivalentTo(Enum.GetValues<ChecksumAlgorithm>()));
    }
}
