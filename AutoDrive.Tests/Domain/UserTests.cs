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
}
