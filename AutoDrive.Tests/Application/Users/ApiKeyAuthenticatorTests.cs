using AutoDrive.Application.Users;
using AutoDrive.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Users;

public class ApiKeyAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AuthenticateAsync_KnownKey_ReturnsItsUser()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("alice-key"), "k", Now);
        var users = new Mock<IUserRepository>();
        users.Setup(u => u.FindByApiKeyHashAsync(ApiKeyHash.Compute("alice-key"), It.IsAny<CancellationToken>())).ReturnsAsync(user);

        var result = await new ApiKeyAuthenticator(users.Object, new FakeTimeProvider(Now)).AuthenticateAsync("alice-key", CancellationToken.None);

        Assert.That(result, Is.EqualTo(new AuthenticatedUser(user.Id, "alice")));
    }

    [Test]
    public async Task AuthenticateAsync_UnknownKey_ReturnsNull()
    {
        var users = new Mock<IUserRepository>();

        var result = await new ApiKeyAuthenticator(users.Object, new FakeTimeProvider(Now)).AuthenticateAsync("nobody", CancellationToken.None);

        Assert.That(result, Is.Null);
    }

    [Test]
    public async Task AuthenticateAsync_ExpiredKey_ReturnsNull()
    {
        var user = User.Register("alice", Now);
        user.IssueApiKey(ApiKeyHash.Compute("old"), "k", Now, Now.AddMinutes(1));
        var users = new Mock<IUserRepository>();
        users.Setup(u => u.FindByApiKeyHashAsync(It.IsAny<ApiKeyHash>(), It.IsAny<CancellationToken>())).ReturnsAsync(user);

        var result = await new ApiKeyAuthenticator(users.Object, new FakeTimeProvider(Now.AddMinutes(2))).AuthenticateAsync("old", CancellationToken.None);

        Assert.That(result, Is.Null);
    }
}
