using AutoDrive.Api.S3.Listing;

namespace AutoDrive.Tests.Api.S3.Listing;

public class S3UrlEncodingTests
{
    [TestCase("plain/Key-1.txt_~", "plain/Key-1.txt_~")]
    [TestCase("a b", "a%20b")]
    [TestCase("a+b", "a%2Bb")]
    [TestCase("100%", "100%25")]
    [TestCase("é", "%C3%A9")]
    [TestCase("😀", "%F0%9F%98%80")]
    [TestCase("bell\u0007", "bell%07")]
    [TestCase("q?&=#", "q%3F%26%3D%23")]
    public void Encode_Value_KeepsUnreservedAndSlashOnly(string value, string expected)
    {
        Assert.That(S3UrlEncoding.Encode(value), Is.EqualTo(expected));
    }

    [TestCase("a b+c%d/é😀\u0001")]
    public void Encode_ThenUnquotePlusLikeBotocore_GivesTheValueBack(string value)
    {
        var encoded = S3UrlEncoding.Encode(value);

        // unquote_plus: '+' is a space, then percent-decoding.
        Assert.That(Uri.UnescapeDataString(encoded.Replace('+', ' ')), Is.EqualTo(value));
    }
}
