using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.Infrastructure.Dsn;

public class DagNodeEncoderTests
{
    [TestCase(1)]
    [TestCase(127)]
    [TestCase(128)]
    [TestCase(16_383)]
    [TestCase(16_384)]
    [TestCase(65_066)]
    public void WriteFileChunkPrefix_FollowedByData_EqualsEncodedChunk(int length)
    {
        var data = TestContent.Mod251Array(length);
        var prefix = new byte[DagNodeEncoder.MaxFileChunkPrefixLength];

        var prefixLength = DagNodeEncoder.WriteFileChunkPrefix(length, prefix);

        Assert.That(prefix[..prefixLength].Concat(data).ToArray(), Is.EqualTo(DagNodeEncoder.EncodeFileChunk(data)));
    }

    [Test]
    public void EncodeFileChunk_Data_IsTypeSizeData()
    {
        var node = DagNodeEncoder.EncodeFileChunk("abc"u8);

        Assert.That(Convert.ToHexStringLower(node), Is.EqualTo("0a0908021803" + "2a03616263"));
    }

    [Test]
    public void EncodeSingleFile_SpecHelloWorld_EqualsSpecEncodedRoot()
    {
        var node = DagNodeEncoder.EncodeSingleFile("Hello, world!"u8, "test.txt"u8, []);

        Assert.That(Convert.ToHexStringLower(node), Is.EqualTo("0a1d180d2208746573742e7478742a0d48656c6c6f2c20776f726c64213200"));
    }

    [Test]
    public void EncodeRoot_SpecEmpty_EqualsSpecEncodedRoot()
    {
        var node = DagNodeEncoder.EncodeRoot([], 1, 0, "test.txt"u8, []);

        Assert.That(Convert.ToHexStringLower(node), Is.EqualTo("0a10100118002208746573742e7478743200"));
    }

    [Test]
    public void EncodeInlink_TwoLinks_IsLinksThenTypeDepthCount()
    {
        var digests = new byte[64];
        digests[31] = 1;
        digests[63] = 2;

        var node = DagNodeEncoder.EncodeInlink(digests, 3);

        var link1 = "1226" + "0a24" + "01551f20" + new string('0', 62) + "01";
        var link2 = "1226" + "0a24" + "01551f20" + new string('0', 62) + "02";
        Assert.That(Convert.ToHexStringLower(node), Is.EqualTo(link1 + link2 + "0a06" + "0801" + "1003" + "1802"));
    }

    [TestCase(false, false, null, null, null, "")]
    [TestCase(true, false, null, null, null, "0a00")]
    [TestCase(false, true, null, null, null, "1200")]
    [TestCase(true, true, null, null, null, "0a001200")]
    [TestCase(true, false, 9, 1024, null, "0a0510091880 08")]
    [TestCase(true, false, -1, null, null, "0a0b10ffffffffffffffffff01")]
    [TestCase(false, true, null, null, 4096, "12031080 20")]
    public void UploadOptionsEncode_Options_ProtobufWithZeroEnumsOmitted(
        bool compression, bool encryption, int? level, int? compressionChunkSize, int? encryptionChunkSize, string hex)
    {
        var options = new UploadOptions(
            compression ? new CompressionOptions(CompressionAlgorithm.Zlib, level, compressionChunkSize) : null,
            encryption ? new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm, encryptionChunkSize) : null);

        Assert.That(Convert.ToHexStringLower(UploadOptionsEncoder.Encode(options)), Is.EqualTo(hex.Replace(" ", "")));
    }
}
