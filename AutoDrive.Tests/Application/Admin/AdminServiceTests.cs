using AutoDrive.Application.Accounts;
using AutoDrive.Application.Admin;
using AutoDrive.Application.Common;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Users;
using AutoDrive.Tests.Application.Accounts;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Admin;

public class AdminServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private Mock<IUserRepository> _users = null!;
    private Mock<IUsageQuery> _usage = null!;
    private AdminService _service = null!;
    private User _alice = null!;

    [SetUp]
    public void SetUp()
    {
        _users = new Mock<IUserRepository>();
        _usage = new Mock<IUsageQuery>();
        var unitOfWork = new Mock<IUnitOfWork>();
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<bool>> work, CancellationToken ct) => work(ct));
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<IssuedApiKey>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<IssuedApiKey>> work, CancellationToken ct) => work(ct));
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<AccountView>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<AccountView>> work, CancellationToken ct) => work(ct));
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<(AccountView, IssuedApiKey)>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<(AccountView, IssuedApiKey)>> work, CancellationToken ct) => work(ct));
        var time = new FakeTimeProvider(T0);
        var mapper = AccountServiceTests.Mapper();
        _service = new AdminService(_users.Object, _usage.Object, new AccountService(_users.Object, unitOfWork.Object, mapper, time), unitOfWork.Object, mapper, time);
        _alice = User.Register("alice", T0);
        _users.Setup(u => u.FindByIdAsync(_alice.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_alice);
        _users.Setup(u => u.FindByNameAsync("alice", It.IsAny<CancellationToken>())).ReturnsAsync(_alice);
    }

    [Test]
    public async Task CreateUser_NewName_AddsTheUserWithItsLimitsAndAFirstKey()
    {
        User? added = null;
        _users.Setup(u => u.Add(It.IsAny<User>())).Callback((User u) => added = u);

        var (user, key) = await _service.CreateUserAsync("  erin ", 100, 200, CancellationToken.None);

        Assert.That(added, Is.Not.Null);
        Assert.That((user.Id, user.Name, user.UploadLimit, user.DownloadLimit), Is.EqualTo((added!.Id, "erin", (long?)100, (long?)200)));
        Assert.That(added.HasUsableKey(ApiKeyHash.Compute(key.Secret), T0), Is.True);
        Assert.That(key.Key.MaskedSecret, Does.Not.Contain(key.Secret));
    }

    [Test]
    public async Task CreateUser_NameTaken_ThrowsAlreadyExists_AndAddsNobody()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CreateUserAsync("alice", null, null, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.AlreadyExists));
        _users.Verify(u => u.Add(It.IsAny<User>()), Times.Never);
    }

    [Test]
    public async Task CreateUser_NameTakenOnceTrimmed_ThrowsAlreadyExists()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CreateUserAsync(" alice  ", null, null, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.AlreadyExists));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("a\tb")]
    public async Task CreateUser_InvalidName_ThrowsInvalidArgument(string? name)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CreateUserAsync(name, null, null, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _users.Verify(u => u.Add(It.IsAny<User>()), Times.Never);
    }

    [Test]
    public async Task CreateUser_NegativeLimit_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CreateUserAsync("erin", -1, null, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _users.Verify(u => u.Add(It.IsAny<User>()), Times.Never);
    }

    [Test]
    public async Task GetUser_ById_FindsTheUser()
    {
        var user = await _service.GetUserAsync(_alice.Id.ToString(), CancellationToken.None);

        Assert.That(user.Id, Is.EqualTo(_alice.Id));
        _users.Verify(u => u.FindByNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetUser_ByName_FindsTheUser()
    {
        var user = await _service.GetUserAsync("alice", CancellationToken.None);

        Assert.That(user.Id, Is.EqualTo(_alice.Id));
    }

    [TestCase("nobody")]
    [TestCase("00000000-0000-0000-0000-000000000001")]
    public async Task GetUser_Unknown_ThrowsNotFound(string user)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.GetUserAsync(user, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
    }

    [Test]
    public async Task SetLimits_ByName_SetsThemOnTheUser()
    {
        var view = await _service.SetLimitsAsync("alice", 5, null, CancellationToken.None);

        Assert.That((_alice.UploadLimit, _alice.DownloadLimit), Is.EqualTo(((long?)5, (long?)null)));
        Assert.That((view.UploadLimit, view.PendingUploadCredits), Is.EqualTo(((long?)5, (long?)5)));
    }

    [Test]
    public async Task CreateAndRevokeKey_ById_ActOnThatUsersKeys()
    {
        var issued = await _service.CreateKeyAsync(_alice.Id.ToString(), "ops", null, CancellationToken.None);
        Assert.That(_alice.HasUsableKey(ApiKeyHash.Compute(issued.Secret), T0), Is.True);

        await _service.RevokeKeyAsync("alice", issued.Key.Id, CancellationToken.None);

        Assert.That(_alice.HasUsableKey(ApiKeyHash.Compute(issued.Secret), T0), Is.False);
        Assert.That(await _service.ListKeysAsync("alice", CancellationToken.None), Is.Empty);
    }

    [TestCase(-1, null)]
    [TestCase(null, -1)]
    public async Task ListUsers_NegativeLimitOrOffset_ThrowsInvalidArgument(int? limit, int? offset)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListUsersAsync(limit, offset, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [TestCase(null, null, 100, 0)]
    [TestCase(5_000, 7, AdminService.MaxPageSize, 7)]
    public async Task ListUsers_LimitAndOffset_AreDefaultedAndCapped(int? limit, int? offset, int expectedLimit, int expectedOffset)
    {
        var page = new UserUsagePage([], 0);
        _usage.Setup(u => u.ListUsersAsync(expectedLimit, expectedOffset, It.IsAny<CancellationToken>())).ReturnsAsync(page);

        Assert.That(await _service.ListUsersAsync(limit, offset, CancellationToken.None), Is.SameAs(page));
    }
}
