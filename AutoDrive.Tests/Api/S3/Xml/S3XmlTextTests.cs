using System.Xml;
using System.Xml.Linq;
using AutoDrive.Api.S3.Xml;

namespace AutoDrive.Tests.Api.S3.Xml;

/// <summary>Text XML 1.0 cannot carry becomes U+FFFD; everything else is left exactly as it is.</summary>
public class S3XmlTextTests
{
    [TestCase("plain/key.txt")]
    [TestCase("tab\tlf\ncr\r")]
    [TestCase("é😀\u2028")]
    public void Safe_LegalText_IsUnchanged(string value) => Assert.That(S3XmlText.Safe(value), Is.EqualTo(value));

    [TestCase("ctl\u0001key", "ctl\uFFFDkey")]
    [TestCase("\0", "\uFFFD")]
    [TestCase("a\uFFFEb\uFFFF", "a\uFFFDb\uFFFD")]
    [TestCase("ok😀\u001F", "ok😀\uFFFD")]
    public void Safe_IllegalCharacters_BecomeTheReplacementCharacter(string value, string expected) =>
        Assert.That(S3XmlText.Safe(value), Is.EqualTo(expected));

    [Test]
    public void Safe_UnpairedSurrogates_BecomeOneReplacementCharacterEach()
    {
        // Built in code: a lone surrogate does not survive a test-case attribute (metadata is UTF-8).
        var value = new string(['l', '\uD800', 'x', '\uDC00', '\uD83D', '\uDE00']);

        Assert.That(S3XmlText.Safe(value), Is.EqualTo("l\uFFFDx\uFFFD\uD83D\uDE00"));
    }

    [Test]
    public void EveryControlCharacter_Safe_WritesAWellFormedDocument()
    {
        for (var c = 0; c < 0x20; c++)
        {
            var root = new XElement("Key", $"k{(char)c}");
            root.SetAttributeValue("a", $"v{(char)c}");

            var xml = S3XmlText.MakeSafe(root).ToString(SaveOptions.DisableFormatting);

            Assert.DoesNotThrow(() => XDocument.Parse(xml), $"U+{c:X4}");
        }
    }

    [Test]
    public void MakeSafe_WithoutIt_TheWriterRefusesTheDocument()
    {
        // What the safe form prevents: XmlWriter refuses such text outright (so a streamed body would be cut off).
        var root = new XElement("Key", "a\u0001b");
        using var writer = XmlWriter.Create(new StringWriter());

        Assert.Throws<ArgumentException>(() => root.WriteTo(writer));
    }
}
