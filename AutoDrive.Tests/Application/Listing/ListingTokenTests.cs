using AutoDrive.Application.Listing;

namespace AutoDrive.Tests.Application.Listing;

public class ListingTokenTests
{
    [TestCase("photos/2026/", ListingBoundKind.PastPrefix)]
    [TestCase("a b+c%d/é😀\uFFFD", ListingBoundKind.After)]
    [TestCase("x", ListingBoundKind.After)]
    public void Encode_ThenDecode_GivesTheSameStart(string value, ListingBoundKind kind)
    {
        var token = ListingToken.Encode(new ListingStart(value, kind));

        Assert.That(ListingToken.TryDecode(token, out var start), Is.True);
        Assert.That(start, Is.EqualTo(new ListingStart(value, kind)));
        Assert.That(token, Does.Match("^[A-Za-z0-9_-]+$"), "base64url: nothing to URL-encode");
    }

    [Test]
    public void TryDecode_ALongestKeysToken_Succeeds()
    {
        var longest = new string('k', 1024);

        Assert.That(ListingToken.TryDecode(ListingToken.Encode(new ListingStart(longest, ListingBoundKind.After)), out var start), Is.True);
        Assert.That(start!.Value, Is.EqualTo(longest));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("====")]
    [TestCase("AQAA")]
    public void TryDecode_NotATokenOfOurs_Fails(string? token)
    {
        Assert.That(ListingToken.TryDecode(token, out _), Is.False);
    }
}
