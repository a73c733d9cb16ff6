using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.Infrastructure.Dsn;

public class CidEncodingTests
{
    private const string HelloWorld = "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu";

    [Test]
    public void ToBinary_SpecCid_HasAutonomysPrefixAndDigest()
    {
        var binary = CidEncoding.ToBinary(Cid.Parse(HelloWorld));

        Assert.That(binary, Has.Length.EqualTo(36));
        Assert.That(binary[..4], Is.EqualTo(new byte[] { 0x01, 0x55, 0x1f, 0x20 }));
    }

    [Test]
    public void ToText_DigestOfSpecCid_RoundTrips()
    {
        var digest = new byte[32];
        Assert.That(CidEncoding.TryGetDigest(HelloWorld, digest), Is.True);

        Assert.That(CidEncoding.ToText(digest), Is.EqualTo(HelloWorld));
    }

    [Test]
    public void ToText_AnyDigest_StartsWithBafkr6iAndRoundTrips()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var digest = new byte[32];
            random.NextBytes(digest);

            var text = CidEncoding.ToText(digest);
            var decoded = new byte[32];

            Assert.That(text, Does.StartWith("bafkr6i").And.Length.EqualTo(59));
            Assert.That(CidEncoding.TryGetDigest(text, decoded), Is.True);
            Assert.That(decoded, Is.EqualTo(digest));
        }
    }

    [TestCase("bafkreifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu", TestName = "TryGetDigest_Sha256Cid_ReturnsFalse")]
    [TestCase("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtq", TestName = "TryGetDigest_Truncated_ReturnsFalse")]
    [TestCase("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqv", TestName = "TryGetDigest_NonZeroTrailingBits_ReturnsFalse")]
    [TestCase("BAFKR6IFM5DXOLDKWEZXMVJX5HRSEPNVRVVXB4UOF7ILVOS7RHYRGIIRTQU", TestName = "TryGetDigest_UpperCase_ReturnsFalse")]
    [TestCase("zafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu", TestName = "TryGetDigest_OtherMultibase_ReturnsFalse")]
    [TestCase("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtq1", TestName = "TryGetDigest_CharacterOutsideAlphabet_ReturnsFalse")]
    public void TryGetDigest_NotAnAutonomysCid_ReturnsFalse(string text)
    {
        var digest = new byte[32];

        Assert.That(CidEncoding.TryGetDigest(text, digest), Is.False);
    }

    [Test]
    public void ToBinary_ValidTextOfAnotherCid_ThrowsFormatException()
    {
        var sha256Cid = Cid.Parse("bafkreifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");

        Assert.That(() => CidEncoding.ToBinary(sha256Cid), Throws.TypeOf<FormatException>());
    }
}
