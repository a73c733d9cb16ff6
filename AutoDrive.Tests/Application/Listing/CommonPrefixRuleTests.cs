using AutoDrive.Application.Listing;

namespace AutoDrive.Tests.Application.Listing;

public class CommonPrefixRuleTests
{
    [TestCase("boo/baz/xyzzy", "", "/", "boo/")]
    [TestCase("boo/baz/xyzzy", "boo/", "/", "boo/baz/")]
    [TestCase("baza", "ba", "a", "baza")]
    [TestCase("a--b--c", "", "--", "a--")]
    [TestCase("asdf", "", "/", null)]
    [TestCase("boo/", "boo/", "/", null)]
    [TestCase("other/x", "boo/", "/", null)]
    public void Of_Key_GivesItsCommonPrefix(string key, string prefix, string delimiter, string? expected)
    {
        Assert.That(CommonPrefixRule.Of(key, prefix, delimiter), Is.EqualTo(expected));
    }

    [TestCase("boo/", "", "/", true)]
    [TestCase("boo/bar", "", "/", false)]
    [TestCase("boo/baz/", "", "/", false)]
    [TestCase("boo/baz/", "boo/", "/", true)]
    public void IsCommonPrefix_Value_TellsWhetherItIsOne(string value, string prefix, string delimiter, bool expected)
    {
        Assert.That(CommonPrefixRule.IsCommonPrefix(value, prefix, delimiter), Is.EqualTo(expected));
    }
}
