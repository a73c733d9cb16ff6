using AutoDrive.Domain.Common;
using AutoDrive.Domain.Users;

namespace AutoDrive.Tests.Domain;

public class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void IssueApiKey_StoresOnlyTheHash()
    {
        var user = User.Register("alice", Now);
        var key = user.IssueApiKey(ApiKeyHash.Compute("secret-key"), "laptop", Now);

        Assert.That(key.Hash.Length, Is.EqualTo(32));
        Assert.That(System.Text.Encoding.UTF8.GetString(key.Hash.Span), Does.Not.Contain("secret-key"));
        Assert.That(user.HasUsableKey(ApiKeyHash.Compute("secret-key"), Now), Is.True);
        Assert.That(user.HasUsableKey(ApiKeyHash.Compute("other-key"), Now), Is.False);
    }

    [Test]
    public void IssueApiKey_Twice_KeepsOneKey()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("k"), "a", Now);
        user.IssueApiKey(ApiKeyHash.Compute("k"), "b", Now);

        Assert.That(user.ApiKeys, Has.Count.EqualTo(1));
    }

    [Test]
    public void HasUsableKey_WhenRevokedOrExpired_IsFalse()
    {
        var user = User.Register("alice", Now);
        var revoked = user.IssueApiKey(ApiKeyHash.Compute("revoked"), "r", Now);
        user.IssueApiKey(ApiKeyHash.Compute("expiring"), "e", Now, Now.AddHours(1));
        user.RevokeApiKey(revoked.Id, Now);

        Assert.That(user.HasUsableKey(ApiKeyHash.Compute("revoked"), Now), Is.False);
        Assert.That(user.HasUsableKey(ApiKeyHash.Compute("expiring"), Now.AddMinutes(59)), Is.True);
        Assert.That(user.HasUsableKey(ApiKeyHash.Compute("expiring"), Now.AddHours(1)), Is.False);
    }

    [Test]
    public void IssueApiKey_AlreadyExpired_ThrowsInvalidArgument()
    {
        var user = User.Register("alice", Now);
        var error = Assert.Throws<DomainException>(() => user.IssueApiKey(ApiKeyHash.Compute("k"), "k", Now, Now));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void Register_GivesEveryUserADistinctPublicIdOf32LowerHex()
    {
        var ids = Enumerable.Range(0, 50).Select(i => User.Register($"user{i}", Now).PublicId).ToList();

        Assert.That(ids, Is.All.Match("^[0-9a-f]{32}$"));
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void Register_StartsUnlimitedWithNothingUsed()
    {
        var user = User.Register("alice", Now);

        Assert.That((user.UploadLimit, user.DownloadLimit, user.UploadedBytes, user.DownloadedBytes), Is.EqualTo(((long?)null, (long?)null, 0L, 0L)));
        Assert.That((user.PendingUploadCredits, user.PendingDownloadCredits), Is.EqualTo(((long?)null, (long?)null)));
    }

    [Test]
    public void SetLimits_SetsBothLimits_AndTheCreditsLeft()
    {
        var user = User.Register("alice", Now);

        user.SetLimits(1000, 0);

        Assert.That((user.UploadLimit, user.DownloadLimit), Is.EqualTo(((long?)1000, (long?)0)));
        Assert.That((user.PendingUploadCredits, user.PendingDownloadCredits), Is.EqualTo(((long?)1000, (long?)0)));
    }

    [Test]
    public void SetLimits_Null_MakesThatSideUnlimited()
    {
        var user = User.Register("alice", Now);
        user.SetLimits(1000, 2000);

        user.SetLimits(null, 2000);

        Assert.That((user.PendingUploadCredits, user.PendingDownloadCredits), Is.EqualTo(((long?)null, (long?)2000)));
    }

    [TestCase(-1L, null)]
    [TestCase(null, -1L)]
    [TestCase(long.MinValue, 0L)]
    public void SetLimits_Negative_ThrowsInvalidArgument_AndKeepsTheLimits(long? upload, long? download)
    {
        var user = User.Register("alice", Now);
        user.SetLimits(10, 20);

        var error = Assert.Throws<DomainException>(() => user.SetLimits(upload, download));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That((user.UploadLimit, user.DownloadLimit), Is.EqualTo(((long?)10, (long?)20)));
    }

    [Test]
    public void IssueApiKey_WithAHint_ShowsTheHintAsItsMaskedSecret()
    {
        var user = User.Register("alice", Now);
        var secret = new string('a', 30) + "0123456789" + new string('b', 20) + "wxyz";

        var key = user.IssueApiKey(ApiKeyHash.Compute(secret), "laptop", Now, hint: ApiKey.HintOf(secret));

        Assert.That(key.Hint, Is.EqualTo("aaaa…wxyz"));
        Assert.That(key.MaskedSecret, Is.EqualTo("aaaa…wxyz"));
        Assert.That(key.MaskedSecret, Does.Not.Contain("0123456789"));
    }

    [Test]
    public void IssueApiKey_WithoutAHint_IsMaskedWithStars()
    {
        var key = User.Register("alice", Now).IssueApiKey(ApiKeyHash.Compute("configured"), "k", Now);

        Assert.That(key.Hint, Is.Null);
        Assert.That(key.MaskedSecret, Is.EqualTo("********"));
    }

    [Test]
    public void IssueApiKey_HintLongerThanTheMaximum_IsCut()
    {
        var key = User.Register("alice", Now).IssueApiKey(ApiKeyHash.Compute("k"), "k", Now, hint: new string('h', ApiKey.MaxHintLength + 5));

        Assert.That(key.Hint, Is.EqualTo(new string('h', ApiKey.MaxHintLength)));
    }

    [TestCase(null, "default")]
    [TestCase("", "default")]
    [TestCase("  laptop  ", "laptop")]
    public void IssueApiKey_Name_IsTrimmedOrDefault(string? name, string expected)
    {
        Assert.That(User.Register("alice", Now).IssueApiKey(ApiKeyHash.Compute("k"), name!, Now).Name, Is.EqualTo(expected));
    }

    [Test]
    public void IssueApiKey_NameWithAControlCharacter_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<DomainException>(() => User.Register("alice", Now).IssueApiKey(ApiKeyHash.Compute("k"), "a\nb", Now));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void RevokeApiKey_UnknownKey_ThrowsNotFound()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("k"), "k", Now);

        var error = Assert.Throws<DomainException>(() => user.RevokeApiKey(Guid.NewGuid(), Now));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
        Assert.That(user.HasUsableKey(ApiKeyHash.Compute("k"), Now), Is.True);
    }

    [Test]
    public void RevokeApiKey_AnotherUsersKey_ThrowsNotFound_AndLeavesItUsable()
    {
        var alice = User.Register("alice", Now);
        var bob = User.Register("bob", Now);
        var bobsKey = bob.IssueApiKey(ApiKeyHash.Compute("bob-key"), "k", Now);

        var error = Assert.Throws<DomainException>(() => alice.RevokeApiKey(bobsKey.Id, Now));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
        Assert.That(bob.HasUsableKey(ApiKeyHash.Compute("bob-key"), Now), Is.True);
    }

    [Test]
    public void RevokeApiKey_Twice_KeepsTheFirstRevocationTime()
    {
        var user = User.Register("alice", Now);
        var key = user.IssueApiKey(ApiKeyHash.Compute("k"), "k", Now);

        user.RevokeApiKey(key.Id, Now.AddMinutes(1));
        user.RevokeApiKey(key.Id, Now.AddMinutes(2));

        Assert.That(key.RevokedAt, Is.EqualTo(Now.AddMinutes(1)));
    }

    [Test]
    public void HintOf_LongKey_IsItsFirstAndLastFourCharacters()
    {
        const string Key = "3f0c5d2e9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a9a1b";

        Assert.That(ApiKey.HintOf(Key), Is.EqualTo("3f0c…9a1b"));
        Assert.That(ApiKey.HintOf(Key)!.Length, Is.LessThanOrEqualTo(ApiKey.MaxHintLength));
    }

    [Test]
    public void HintOf_KeyOf32Characters_HasAHint_AndAShorterOneHasNone()
    {
        Assert.That(ApiKey.HintOf(new string('k', 31) + "z"), Is.EqualTo("kkkk…kkkz"));
        Assert.That(ApiKey.HintOf(new string('k', 31)), Is.Null);
        Assert.That(ApiKey.HintOf(""), Is.Null);
    }

    [Test]
    public void HintOf_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => ApiKey.HintOf(null!));
    }
}
