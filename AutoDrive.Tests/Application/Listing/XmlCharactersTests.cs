using AutoDrive.Application.Listing;

namespace AutoDrive.Tests.Application.Listing;

public class XmlCharactersTests
{
    [TestCase("plain/key.txt")]
    [TestCase("tab\tcr\rlf\n")]
    [TestCase("é😀\uE000\uFFFD")]
    public void AreLegal_XmlText_IsTrue(string value)
    {
        Assert.That(XmlCharacters.AreLegal(value), Is.True);
    }

    [TestCase("bell\u0007")]
    [TestCase("\u001F")]
    [TestCase("\uFFFE")]
    [TestCase("\uFFFF")]
    public void AreLegal_CharactersXmlCannotCarry_IsFalse(string value)
    {
        Assert.That(XmlCharacters.AreLegal(value), Is.False);
    }

    [Test]
    public void AreLegal_LoneSurrogate_IsFalse()
    {
        // Built in code: a lone surrogate in an attribute argument would be stored as U+FFFD.
        Assert.That(XmlCharacters.AreLegal("lone" + (char)0xD800), Is.False);
    }
}
