using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Domain;

public class ObjectKeyTests
{
    [TestCase("dir/test.txt", "test.txt")]
    [TestCase("test.txt", "test.txt")]
    [TestCase("a//b", "b")]
    [TestCase("dir/", "")]
    [TestCase("dir/sub dir/ü+%.bin", "ü+%.bin")]
    public void FileName_IsTheLastSegment(string key, string fileName)
    {
        var parsed = ObjectKey.Parse(key);

        Assert.That(parsed.Value, Is.EqualTo(key), "the key is kept byte-exact");
        Assert.That(parsed.FileName, Is.EqualTo(fileName));
    }

    [Test]
    public void Parse_WhenLongerThan1024Utf8Bytes_ThrowsKeyTooLong()
    {
        var ok = string.Join('/', Enumerable.Repeat(new string('é', 100), 5)) + "/" + new string('a', 19); // 1,000 + 4 + 20 bytes
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(ok), Is.EqualTo(1024));
        Assert.That(ObjectKey.Check(ok), Is.Null);

        var error = Assert.Throws<DomainException>(() => ObjectKey.Parse(ok + "a"));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.KeyTooLong));
    }

    [Test]
    public void Parse_WhenFileNameLongerThan255Bytes_ThrowsKeyTooLong()
    {
        Assert.That(ObjectKey.Check("d/" + new string('n', 255)), Is.Null);
        Assert.That(ObjectKey.Check("d/" + new string('n', 256))?.Kind, Is.EqualTo(ErrorKind.KeyTooLong));
    }

    // Built in code: attribute arguments are stored as UTF-8 and would turn a lone surrogate into U+FFFD.
    private static readonly string[] NotStorable = ["", "nul\0inside", "lone" + (char)0xD800 + "surrogate"];

    [TestCaseSource(nameof(NotStorable))]
    public void Parse_WhenNotStorable_ThrowsInvalidArgument(string key)
    {
        var error = Assert.Throws<DomainException>(() => ObjectKey.Parse(key));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }
}
