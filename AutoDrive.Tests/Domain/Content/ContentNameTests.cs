using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;

namespace AutoDrive.Tests.Domain.Content;

public class ContentNameTests
{
    [TestCase("a.txt")]
    [TestCase("a/b")]
    [TestCase(" spaced ")]
    [TestCase("héllo 😀")]
    public void Check_ValidName_IsNull(string name)
    {
        Assert.That(ContentName.Check(name), Is.Null);
        Assert.That(ContentName.Validate(name), Is.EqualTo(name));
    }

    [Test]
    public void Check_Empty_IsRefusedUnlessEmptyIsAllowed()
    {
        Assert.That(ContentName.Check("")?.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(ContentName.Check("", allowEmpty: true), Is.Null);
        Assert.That(ContentName.Validate("", allowEmpty: true), Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Check_Null_IsRefusedEvenWhenEmptyIsAllowed(bool allowEmpty)
    {
        Assert.That(ContentName.Check(null, allowEmpty)?.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void Check_Nul_IsInvalidArgument()
    {
        Assert.That(ContentName.Check("a\0b")?.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(ContentName.Check("\0", allowEmpty: true)?.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void Check_LoneSurrogate_IsInvalidArgument()
    {
        Assert.That(ContentName.Check("a\ud800")?.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(ContentName.Check("\udc00b")?.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void Check_Length_IsCountedInUtf8Bytes()
    {
        Assert.That(ContentName.Check(new string('x', ContentName.MaxBytes)), Is.Null);
        Assert.That(ContentName.Check(new string('x', ContentName.MaxBytes + 1))?.Kind, Is.EqualTo(ErrorKind.KeyTooLong));
        Assert.That(ContentName.Check(new string('é', 127) + "x"), Is.Null, "255 bytes");
        Assert.That(ContentName.Check(new string('é', 128))?.Kind, Is.EqualTo(ErrorKind.KeyTooLong), "128 characters, 256 bytes");
    }

    [Test]
    public void Validate_InvalidName_ThrowsTheViolation()
    {
        var error = Assert.Throws<DomainException>(() => ContentName.Validate(new string('x', 300)));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.KeyTooLong));
    }
}
