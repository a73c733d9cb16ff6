using System.Text;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Application.Content.Checksums;

/// <summary>
/// Expected values were computed apart from .NET: CRC32, SHA1 and SHA256 with Python's zlib and hashlib; CRC32C
/// and CRC64/NVME with a bitwise Python CRC that reproduces the published check values
/// (CRC-32C("123456789") = 0xE3069283, CRC-64/NVME("123456789") = 0xAE8B14860A799888).
/// </summary>
public class IncrementalChecksumTests
{
    [TestCase(ChecksumAlgorithm.Crc32, "AAAAAA==")]
    [TestCase(ChecksumAlgorithm.Crc32C, "AAAAAA==")]
    [TestCase(ChecksumAlgorithm.Crc64Nvme, "AAAAAAAAAAA=")]
    [TestCase(ChecksumAlgorithm.Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]
    [TestCase(ChecksumAlgorithm.Sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    public void GetBase64_EmptyInput_ReturnsKnownValue(ChecksumAlgorithm algorithm, string expected)
    {
        using var checksum = IncrementalChecksum.Create(algorithm);

        Assert.That(checksum.GetBase64(), Is.EqualTo(expected));
    }

    [TestCase(ChecksumAlgorithm.Crc32, "6+bG5g==")]
    [TestCase(ChecksumAlgorithm.Crc32C, "yKEG5Q==")]
    [TestCase(ChecksumAlgorithm.Crc64Nvme, "n3hVaQAaPTQ=")]
    [TestCase(ChecksumAlgorithm.Sha1, "lDpwLQbzRZmu4fjajvn3KWAx1pk=")]
    [TestCase(ChecksumAlgorithm.Sha256, "MV9b23bQeMQ7isAGTkoBZGErH853yGk0W/yUx1iU7dM=")]
    public void GetBase64_HelloWorld_ReturnsKnownValue(ChecksumAlgorithm algorithm, string expected)
    {
        Assert.That(IncrementalChecksum.ComputeBase64(algorithm, "Hello, world!"u8), Is.EqualTo(expected));
    }

    [TestCase(ChecksumAlgorithm.Crc32, "CBF43926")]
    [TestCase(ChecksumAlgorithm.Crc32C, "E3069283")]
    [TestCase(ChecksumAlgorithm.Crc64Nvme, "AE8B14860A799888")]
    public void GetDigest_CheckInput_ReturnsPublishedCheckValueBigEndian(ChecksumAlgorithm algorithm, string checkValue)
    {
        using var checksum = IncrementalChecksum.Create(algorithm);
        checksum.Append("123456789"u8);

        Assert.That(checksum.GetDigest(), Is.EqualTo(Convert.FromHexString(checkValue)));
    }

    [TestCase(ChecksumAlgorithm.Crc32)]
    [TestCase(ChecksumAlgorithm.Crc32C)]
    [TestCase(ChecksumAlgorithm.Crc64Nvme)]
    [TestCase(ChecksumAlgorithm.Sha1)]
    [TestCase(ChecksumAlgorithm.Sha256)]
    public void Append_InPieces_EqualsOneShot(ChecksumAlgorithm algorithm)
    {
        var data = new byte[100_003];
        new Random(11).NextBytes(data);
        using var checksum = IncrementalChecksum.Create(algorithm);

        foreach (var piece in data.Chunk(997))
        {
            checksum.Append(piece);
        }

        Assert.That(checksum.GetBase64(), Is.EqualTo(IncrementalChecksum.ComputeBase64(algorithm, data)));
    }

    [TestCase(ChecksumAlgorithm.Crc32)]
    [TestCase(ChecksumAlgorithm.Crc64Nvme)]
    [TestCase(ChecksumAlgorithm.Sha256)]
    public void GetBase64_CalledMidway_DoesNotResetState(ChecksumAlgorithm algorithm)
    {
        using var checksum = IncrementalChecksum.Create(algorithm);
        checksum.Append("Hello, "u8);
        _ = checksum.GetBase64();
        checksum.Append("world!"u8);

        Assert.That(checksum.GetBase64(), Is.EqualTo(IncrementalChecksum.ComputeBase64(algorithm, Encoding.ASCII.GetBytes("Hello, world!"))));
    }

    [TestCase(ChecksumAlgorithm.Crc32, 4)]
    [TestCase(ChecksumAlgorithm.Crc32C, 4)]
    [TestCase(ChecksumAlgorithm.Crc64Nvme, 8)]
    [TestCase(ChecksumAlgorithm.Sha1, 20)]
    [TestCase(ChecksumAlgorithm.Sha256, 32)]
    public void GetDigest_AnyInput_HasTheAlgorithmsDigestSize(ChecksumAlgorithm algorithm, int size)
    {
        using var checksum = IncrementalChecksum.Create(algorithm);
        checksum.Append("abc"u8);

        Assert.That(checksum.GetDigest(), Has.Length.EqualTo(size));
        Assert.That(ChecksumAlgorithms.GetDigestSize(algorithm), Is.EqualTo(size));
    }
}
