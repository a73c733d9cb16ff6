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
}
