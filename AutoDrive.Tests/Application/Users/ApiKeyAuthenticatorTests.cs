using AutoDrive.Application.Users;
using AutoDrive.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Users;

public class ApiKeyAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A cache that never has the key (Moq's defaults: TryGet false, Store ignored).</summary>
    private static readonly IApiKeyCache NoCache = Mock.Of<IApiKeyCache>();

    [Test]
    public async Task AuthenticateAsync_KnownKey_ReturnsItsUser()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("alice-key"), "k", Now);
        var users = new Mock<IUserRepository>();
        users.Setup(u => u.FindByApiKeyHashAsync(ApiKeyHash.Compute("alice-key"), It.IsAny<CancellationToken>())).ReturnsAsync(user);

        var result = await new ApiKeyAuthenticator(users.Object, NoCache, new FakeTimeProvider(Now)).AuthenticateAsync("alice-key", CancellationToken.None);

        Assert.That(result, Is.EqualTo(new AuthenticatedUser(user.Id, "alice")));
    }

    [Test]
    public async Task AuthenticateAsync_UnknownKey_ReturnsNull()
    {
        var users = new Mock<IUserRepository>();

        var result = await new ApiKeyAuthenticator(users.Object, NoCache, new FakeTimeProvider(Now)).AuthenticateAsync("nobody", CancellationToken.None);

        Assert.That(result, Is.Null);
    }

    [Test]
    public async Task AuthenticateAsync_ExpiredKey_ReturnsNull()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("old"), "k", Now, Now.AddMinutes(1));
        var users = new Mock<IUserRepository>();
        users.Setup(u => u.FindByApiKeyHashAsync(It.IsAny<ApiKeyHash>(), It.IsAny<CancellationToken>())).ReturnsAsync(user);

        var result = await new ApiKeyAuthenticator(users.Object, NoCache, new FakeTimeProvider(Now.AddMinutes(2))).AuthenticateAsync("old", CancellationToken.None);

        Assert.That(result, Is.Null);
    }

    [Test]
    public async Task AuthenticateAsync_KnownUnlimitedKey_IsCachedWithTheGenerationReadBeforeTheLookupAndTheKeysExpiry()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("alice-key"), "k", Now, Now.AddHours(1));
        var users = new Mock<IUserRepository>();
        var cache = new Mock<IApiKeyCache>();
        var generation = 7L;
        cache.SetupGet(c => c.Generation).Returns(() => generation);
        // The lookup sees a later generation, as when a change is heard while it runs: the one read before it is kept.
        users.Setup(u => u.FindByApiKeyHashAsync(ApiKeyHash.Compute("alice-key"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(user).Callback(() => generation = 8);

        var result = await new ApiKeyAuthenticator(users.Object, cache.Object, new FakeTimeProvider(Now)).AuthenticateAsync("alice-key", CancellationToken.None);

        Assert.That(result, Is.EqualTo(new AuthenticatedUser(user.Id, "alice")));
        cache.Verify(c => c.Store(ApiKeyHash.Compute("alice-key"), result!, Now.AddHours(1), 7, Now), Times.Once);
    }

    [Test]
    public async Task AuthenticateAsync_CachedKey_IsNotLookedUp()
    {
        var cached = new AuthenticatedUser(Guid.NewGuid(), "alice");
        var users = new Mock<IUserRepository>(MockBehavior.Strict);
        var cache = new Mock<IApiKeyCache>();
        cache.Setup(c => c.TryGet(ApiKeyHash.Compute("alice-key"), Now, out cached)).Returns(true);

        var result = await new ApiKeyAuthenticator(users.Object, cache.Object, new FakeTimeProvider(Now)).AuthenticateAsync("alice-key", CancellationToken.None);

        Assert.That(result, Is.SameAs(cached));
    }

    [Test]
    public async Task AuthenticateAsync_UserWithALimit_IsNotCached()
    {
        var user = User.Register("carol", Now);
        user.SetLimits(uploadLimit: 1000, downloadLimit: null);
        user.IssueApiKey(ApiKeyHash.Compute("carol-key"), "k", Now);
        var users = new Mock<IUserRepository>();
        users.Setup(u => u.FindByApiKeyHashAsync(ApiKeyHash.Compute("carol-key"), It.IsAny<CancellationToken>())).ReturnsAsync(user);
        var cache = new Mock<IApiKeyCache>();

        var result = await new ApiKeyAuthenticator(users.Object, cache.Object, new FakeTimeProvider(Now)).AuthenticateAsync("carol-key", CancellationToken.None);

        Assert.That(result!.PendingUploadCredits, Is.EqualTo(1000));
        cache.Verify(
            c => c.Store(It.IsAny<ApiKeyHash>(), It.IsAny<AuthenticatedUser>(), It.IsAny<DateTimeOffset?>(), It.IsAny<long>(), It.IsAny<DateTimeOffset>()),
            Times.Never);
    }
}
