using System.Text;
using AutoDrive.Api.Common;
using AutoDrive.Domain.Common;

namespace AutoDrive.Tests.Api.Common;

/// <summary>The header-value rule: printable ASCII as it is, anything else as one RFC 2047 word; control characters refused in.</summary>
public class HeaderValuesTests
{
    [TestCase("plain text")]
    [TestCase("attachment; filename=\"a b.txt\"")]
    [TestCase("=?UTF-8?B?w6k=?=")]
    [TestCase("~!@#$%^&*()")]
    public void Encode_PrintableAscii_IsUnchanged(string value) => Assert.That(HeaderValues.Encode(value), Is.EqualTo(value));

    [TestCase("é", "=?UTF-8?B?w6k=?=")]
    [TestCase("a\u2028b", "=?UTF-8?B?YeKAqGI=?=")]
    [TestCase("a\r\nb", "=?UTF-8?B?YQ0KYg==?=")]
    [TestCase("\u0001", "=?UTF-8?B?AQ==?=")]
    [TestCase("a\tb", "=?UTF-8?B?YQli?=")]
    [TestCase("\u007F", "=?UTF-8?B?fw==?=")]
    public void Encode_AnythingElse_IsOneEncodedWordOfTheUtf8Bytes(string value, string expected) =>
        Assert.That(HeaderValues.Encode(value), Is.EqualTo(expected));

    [Test]
    public void Encode_UnpairedSurrogate_IsEncodedAsTheReplacementCharacter()
    {
        var encoded = HeaderValues.Encode(new string(['a', '\uD800']));

        Assert.That(encoded, Is.EqualTo("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a\uFFFD")) + "?="));
        Assert.That(HeaderValues.IsPrintableAscii(encoded), Is.True);
    }

    [TestCase("a\rb")]
    [TestCase("a\nb")]
    [TestCase("\0")]
    [TestCase("\u0001")]
    [TestCase("\u001F")]
    [TestCase("\u007F")]
    [TestCase("\u0085")]
    public void Refuse_ControlCharacter_ThrowsInvalidArgument(string value)
    {
        var error = Assert.Throws<DomainException>(() => HeaderValues.Refuse(value, "x-amz-meta-a"));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [TestCase("é")]
    [TestCase("a\u2028b")]
    [TestCase("tab\there")]
    [TestCase("")]
    [TestCase(null)]
    public void Refuse_TextWithoutControlCharacters_PassesItThrough(string? value) =>
        Assert.That(HeaderValues.Refuse(value, "x-amz-meta-a"), Is.EqualTo(value));

    [TestCase("content-type", true)]
    [TestCase("a_b.c~", true)]
    [TestCase("", false)]
    [TestCase("a b", false)]
    [TestCase("é", false)]
    [TestCase("a:b", false)]
    public void IsToken_FollowsRfc9110(string name, bool expected) => Assert.That(HeaderValues.IsToken(name), Is.EqualTo(expected));
}
