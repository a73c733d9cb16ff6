using AutoDrive.Application.Accounts;
using AutoDrive.Application.Common;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Users;
using AutoMapper;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Accounts;

public class AccountServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private Mock<IUserRepository> _users = null!;
    private FakeTimeProvider _time = null!;
    private AccountService _service = null!;
    private User _alice = null!;

    [SetUp]
    public void SetUp()
    {
        _users = new Mock<IUserRepository>();
        _time = new FakeTimeProvider(T0);
        var unitOfWork = new Mock<IUnitOfWork>();
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<bool>> work, CancellationToken ct) => work(ct));
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<IssuedApiKey>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<IssuedApiKey>> work, CancellationToken ct) => work(ct));
        _service = new AccountService(_users.Object, unitOfWork.Object, Mapper(), _time);
        _alice = User.Register("alice", T0);
        _users.Setup(u => u.FindByIdAsync(_alice.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_alice);
    }

    internal static IMapper Mapper() => new MapperConfiguration(cfg => cfg.AddProfile<AccountMappingProfile>()).CreateMapper();

    [Test]
    public void MappingProfile_IsValid()
    {
        new MapperConfiguration(cfg => cfg.AddProfile<AccountMappingProfile>()).AssertConfigurationIsValid();
    }

    [Test]
    public async Task Get_ShowsTheLimitsAndTheCreditsLeft()
    {
        _alice.SetLimits(1000, null);

        var account = await _service.GetAsync(_alice.Id, CancellationToken.None);

        Assert.That((account.Id, account.Name, account.PublicId), Is.EqualTo((_alice.Id, "alice", _alice.PublicId)));
        Assert.That((account.UploadLimit, account.PendingUploadCredits, account.DownloadLimit, account.PendingDownloadCredits),
            Is.EqualTo(((long?)1000, (long?)1000, (long?)null, (long?)null)));
    }

    [Test]
    public async Task Get_UnknownUser_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.GetAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
    }

    [Test]
    public async Task CreateKey_ShowsTheSecretOnce_KeepsOnlyItsHash_AndMasksIt()
    {
        var issued = await _service.CreateKeyAsync(_alice.Id, "laptop", null, CancellationToken.None);

        Assert.That(issued.Secret, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(_alice.HasUsableKey(ApiKeyHash.Compute(issued.Secret), T0), Is.True);
        Assert.That(issued.Key.Name, Is.EqualTo("laptop"));
        Assert.That(issued.Key.MaskedSecret, Is.EqualTo($"{issued.Secret[..4]}…{issued.Secret[^4..]}"));
    }

    [Test]
    public async Task CreateKey_Twice_GivesDistinctSecrets()
    {
        var first = await _service.CreateKeyAsync(_alice.Id, null, null, CancellationToken.None);
        var second = await _service.CreateKeyAsync(_alice.Id, null, null, CancellationToken.None);

        Assert.That(first.Secret, Is.Not.EqualTo(second.Secret));
        Assert.That(_alice.ApiKeys, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ListKeys_ShowsTheUnrevokedKeysMaskedInCreationOrder()
    {
        var first = await _service.CreateKeyAsync(_alice.Id, "first", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var revoked = await _service.CreateKeyAsync(_alice.Id, "revoked", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var third = await _service.CreateKeyAsync(_alice.Id, "third", null, CancellationToken.None);
        await _service.RevokeKeyAsync(_alice.Id, revoked.Key.Id, CancellationToken.None);

        var keys = await _service.ListKeysAsync(_alice.Id, CancellationToken.None);

        Assert.That(keys.Select(k => k.Id), Is.EqualTo(new[] { first.Key.Id, third.Key.Id }));
        Assert.That(keys.Select(k => k.MaskedSecret), Has.None.EqualTo(first.Secret).And.None.EqualTo(third.Secret));
    }

    [Test]
    public async Task RevokeKey_MakesTheKeyUnusable()
    {
        var issued = await _service.CreateKeyAsync(_alice.Id, null, null, CancellationToken.None);

        await _service.RevokeKeyAsync(_alice.Id, issued.Key.Id, CancellationToken.None);

        Assert.That(_alice.HasUsableKey(ApiKeyHash.Compute(issued.Secret), T0), Is.False);
    }

    [Test]
    public async Task RevokeKey_AnotherUsersKey_ThrowsNotFound_AndLeavesItUsable()
    {
        var bob = User.Register("bob", T0);
        _users.Setup(u => u.FindByIdAsync(bob.Id, It.IsAny<CancellationToken>())).ReturnsAsync(bob);
        var bobsKey = await _service.CreateKeyAsync(bob.Id, null, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.RevokeKeyAsync(_alice.Id, bobsKey.Key.Id, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
        Assert.That(bob.HasUsableKey(ApiKeyHash.Compute(bobsKey.Secret), T0), Is.True);
    }
}
