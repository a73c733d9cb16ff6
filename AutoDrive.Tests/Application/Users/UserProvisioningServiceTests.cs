using AutoDrive.Application.Common;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Users;

/// <summary>Configuration is the source of truth for bootstrap keys, and only for them.</summary>
public class UserProvisioningServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RevokeUnlistedBootstrapKeys_RevokesOnlyConfigurationKeysNoLongerConfigured()
    {
        var user = User.Register("alice", Now);
        var kept = user.IssueApiKey(ApiKeyHash.Compute("kept-key"), UserProvisioningService.BootstrapKeyName, Now);
        var removed = user.IssueApiKey(ApiKeyHash.Compute("removed-key"), UserProvisioningService.BootstrapKeyName, Now);
        // A key the user created through the API (it has a hint) and named "bootstrap" is not configuration's.
        var own = user.IssueApiKey(ApiKeyHash.Compute("own-key-0123456789abcdef0123456789abcdef"), UserProvisioningService.BootstrapKeyName, Now, null, ApiKey.HintOf("own-key-0123456789abcdef0123456789abcdef"));
        var users = new Mock<IUserRepository>();
        users.Setup(u => u.FindWithUsableKeysNamedAsync(UserProvisioningService.BootstrapKeyName, It.IsAny<CancellationToken>()))
            .ReturnsAsync([user]);
        var unitOfWork = new Mock<IUnitOfWork>();
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<int>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<int>> work, CancellationToken ct) => work(ct));
        var service = new UserProvisioningService(users.Object, unitOfWork.Object, new FakeTimeProvider(Now.AddMinutes(1)));

        var revoked = await service.RevokeUnlistedBootstrapKeysAsync([new UserSeed("alice", "kept-key")], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(revoked, Is.EqualTo(1));
            Assert.That(removed.IsUsableAt(Now.AddMinutes(2)), Is.False);
            Assert.That(kept.IsUsableAt(Now.AddMinutes(2)), Is.True);
            Assert.That(own.IsUsableAt(Now.AddMinutes(2)), Is.True);
        });
    }
}
