using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Native;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Native;

public class NativeObjectServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cid FileCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly StoredContent File = StoredContent.RecordFile(FileCid, "test.txt", UploadOptions.None, 13, 1, "text/plain", T0);

    private Mock<INativeObjectQuery> _objects = null!;
    private Mock<IOwnershipRepository> _ownerships = null!;
    private Mock<IPublicationRepository> _publications = null!;
    private Mock<IUserRepository> _users = null!;
    private Mock<IDsnStorage> _dsn = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private NativeObjectService _service = null!;
    private Guid _caller;

    [SetUp]
    public void SetUp()
    {
        _caller = Guid.NewGuid();
        _objects = new Mock<INativeObjectQuery>();
        _objects.Setup(o => o.ListOwnersAsync(It.IsAny<Cid>(), It.IsAny<Guid?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _ownerships = new Mock<IOwnershipRepository>();
        _publications = new Mock<IPublicationRepository>();
        _users = new Mock<IUserRepository>();
        _dsn = new Mock<IDsnStorage>();
        _dsn.Setup(d => d.GetStatusAsync(It.IsAny<Cid>(), It.IsAny<CancellationToken>())).ReturnsAsync(new DsnContentStatus(1, 1, 1));
        _unitOfWork = new Mock<IUnitOfWork>();
        _unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<bool>> work, CancellationToken ct) => work(ct));
        _unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<string>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<string>> work, CancellationToken ct) => work(ct));
        _service = new NativeObjectService(
            _objects.Object, _ownerships.Object, _publications.Object, _users.Object, _dsn.Object, _unitOfWork.Object, new FakeTimeProvider(T0));
    }

    [Test]
    public async Task GetSummary_UnpublishedObjectTheCallerDoesNotHold_ThrowsNotFound()
    {
        Access(hold: null, published: false);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.GetSummaryAsync(_caller, FileCid.Value, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
        _objects.Verify(o => o.ListOwnersAsync(It.IsAny<Cid>(), It.IsAny<Guid?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetMetadataAndStatus_UnpublishedObjectTheCallerDoesNotHold_ThrowNotFound()
    {
        Access(hold: null, published: false);

        var metadata = await Assert.ThrowsAsync<DomainException>(() => _service.GetMetadataAsync(_caller, FileCid.Value, CancellationToken.None));
        var status = await Assert.ThrowsAsync<DomainException>(() => _service.GetStatusAsync(_caller, FileCid.Value, CancellationToken.None));
        var info = await Assert.ThrowsAsync<DomainException>(() => _service.GetObjectAsync(_caller, FileCid.Value, CancellationToken.None));

        Assert.That(new[] { metadata!.Kind, status!.Kind, info!.Kind }, Is.All.EqualTo(ErrorKind.NotFound));
        _dsn.Verify(d => d.DescribeFileAsync(It.IsAny<Cid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetSummary_PublishedObject_IsReadableByAnyAuthenticatedUser()
    {
        Access(hold: null, published: true);

        var summary = await _service.GetSummaryAsync(_caller, FileCid.Value, CancellationToken.None);

        Assert.That((summary.Item.Cid, summary.Item.Name, summary.Item.Size), Is.EqualTo((FileCid.Value, "test.txt", 13L)));
        Assert.That(summary.Status, Is.EqualTo(new DsnContentStatus(1, 1, 1)));
        Assert.That(summary.Children, Is.Null);
    }

    [Test]
    public async Task GetSummary_HeldByTheCaller_ListsTheOwnersTheCallerMayKnow()
    {
        Access(hold: ContentOwnership.Share(FileCid, _caller, Guid.NewGuid(), true, T0), published: false);
        _objects.Setup(o => o.ListOwnersAsync(FileCid, _caller, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new OwnerRow("a".PadRight(32, '0'), OwnerRole.Admin), new OwnerRow("b".PadRight(32, '0'), OwnerRole.Viewer)]);

        var summary = await _service.GetSummaryAsync(_caller, FileCid.Value, CancellationToken.None);

        Assert.That(summary.Owners.Select(o => o.Role), Is.EqualTo(new[] { OwnerRole.Admin, OwnerRole.Viewer }));
    }

    [Test]
    public async Task GetSummary_UnknownCid_ThrowsNotFound()
    {
        _objects.Setup(o => o.GetAccessAsync(_caller, FileCid, It.IsAny<CancellationToken>())).ReturnsAsync(new ObjectAccess(null, null, false));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.GetSummaryAsync(_caller, FileCid.Value, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
    }

    [TestCase("not-a-cid")]
    [TestCase("")]
    [TestCase("BAFKR6IFM5DXOLDKWEZXMVJX5HRSEPNVRVVXB4UOF7ILVOS7RHYRGIIRTQU")]
    public async Task GetSummary_MalformedCid_ThrowsInvalidArgument(string cid)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.GetSummaryAsync(_caller, cid, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _objects.Verify(o => o.GetAccessAsync(It.IsAny<Guid?>(), It.IsAny<Cid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetMetadata_FileTheStorageCannotDescribe_ThrowsServiceUnavailable()
    {
        Access(hold: ContentOwnership.Grant(FileCid, _caller, T0), published: false);
        _dsn.Setup(d => d.DescribeFileAsync(FileCid, It.IsAny<CancellationToken>())).ReturnsAsync((DsnFileLayout?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.GetMetadataAsync(_caller, FileCid.Value, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
    }

    [Test]
    public async Task Share_AsAnUploader_SharesWithTheTargetUser()
    {
        Holds(ContentOwnership.Grant(FileCid, _caller, T0));
        var target = Target("bob");

        await _service.ShareAsync(_caller, FileCid.Value, " " + target.PublicId + " ", CancellationToken.None);

        _ownerships.Verify(o => o.ShareAsync(FileCid, _caller, target.Id, T0, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Share_AsAViewer_ThrowsAccessDenied()
    {
        Holds(ContentOwnership.Share(FileCid, _caller, Guid.NewGuid(), true, T0));
        var target = Target("bob");

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ShareAsync(_caller, FileCid.Value, target.PublicId, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.AccessDenied));
        _ownerships.Verify(o => o.ShareAsync(It.IsAny<Cid>(), It.IsAny<Guid>(), It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Share_AnObjectTheCallerDoesNotHold_ThrowsNotFound()
    {
        var target = Target("bob");

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ShareAsync(_caller, FileCid.Value, target.PublicId, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
    }

    [Test]
    public async Task Share_WithAnUnknownPublicId_ThrowsNotFound()
    {
        Holds(ContentOwnership.Grant(FileCid, _caller, T0));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ShareAsync(_caller, FileCid.Value, "0123456789abcdef0123456789abcdef", CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.NotFound));
        _ownerships.Verify(o => o.ShareAsync(It.IsAny<Cid>(), It.IsAny<Guid>(), It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public async Task Share_WithoutAPublicId_ThrowsInvalidArgument(string? publicId)
    {
        Holds(ContentOwnership.Grant(FileCid, _caller, T0));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ShareAsync(_caller, FileCid.Value, publicId, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public async Task Share_WithOneself_DoesNothing()
    {
        var self = User.Register("alice", T0);
        _caller = self.Id;
        Holds(ContentOwnership.Grant(FileCid, _caller, T0));
        _users.Setup(u => u.FindByPublicIdAsync(self.PublicId, It.IsAny<CancellationToken>())).ReturnsAsync(self);

        await _service.ShareAsync(_caller, FileCid.Value, self.PublicId, CancellationToken.None);

        _ownerships.Verify(o => o.ShareAsync(It.IsAny<Cid>(), It.IsAny<Guid>(), It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
        _unitOfWork.Verify(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Publish_AlreadyPublished_ReturnsTheExistingId()
    {
        Holds(ContentOwnership.Grant(FileCid, _caller, T0));
        var existing = Publication.Publish(FileCid, _caller, T0);
        _publications.Setup(p => p.FindByPublisherAsync(FileCid, _caller, It.IsAny<CancellationToken>())).ReturnsAsync(existing);

        var id = await _service.PublishAsync(_caller, FileCid.Value, CancellationToken.None);

        Assert.That(id, Is.EqualTo(existing.Id));
        _publications.Verify(p => p.Add(It.IsAny<Publication>()), Times.Never);
    }

    [Test]
    public async Task Publish_NotYetPublished_AddsAPublicationAndReturnsItsId()
    {
        Holds(ContentOwnership.Grant(FileCid, _caller, T0));
        Publication? added = null;
        _publications.Setup(p => p.Add(It.IsAny<Publication>())).Callback((Publication p) => added = p);

        var id = await _service.PublishAsync(_caller, FileCid.Value, CancellationToken.None);

        Assert.That(added, Is.Not.Null);
        Assert.That((added!.Id, added.Cid, added.UserId), Is.EqualTo((id, FileCid.Value, _caller)));
        Assert.That(Publication.IsWellFormedId(id), Is.True);
    }

    [Test]
    public async Task Publish_AsAViewer_ThrowsAccessDenied()
    {
        Holds(ContentOwnership.Share(FileCid, _caller, Guid.NewGuid(), true, T0));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.PublishAsync(_caller, FileCid.Value, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.AccessDenied));
        _publications.Verify(p => p.Add(It.IsAny<Publication>()), Times.Never);
    }

    [Test]
    public async Task TrashAndRestore_AnObjectTheCallerDoesNotHold_ThrowNotFound()
    {
        var trash = await Assert.ThrowsAsync<DomainException>(() => _service.TrashAsync(_caller, FileCid.Value, CancellationToken.None));
        var restore = await Assert.ThrowsAsync<DomainException>(() => _service.RestoreAsync(_caller, FileCid.Value, CancellationToken.None));

        Assert.That((trash!.Kind, restore!.Kind), Is.EqualTo((ErrorKind.NotFound, ErrorKind.NotFound)));
        _ownerships.Verify(o => o.TrashAsync(It.IsAny<Guid>(), It.IsAny<Cid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Trash_AsAViewer_TrashesTheCallersHold()
    {
        Holds(ContentOwnership.Share(FileCid, _caller, Guid.NewGuid(), true, T0));

        await _service.TrashAsync(_caller, FileCid.Value, CancellationToken.None);

        _ownerships.Verify(o => o.TrashAsync(_caller, FileCid, T0, It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public async Task Search_WithoutText_ThrowsInvalidArgument(string? text)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.SearchAsync(_caller, text, false, null, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public async Task Search_TextTooLongOrWithNul_ThrowsInvalidArgument()
    {
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => _service.SearchAsync(_caller, new string('x', 1025), false, null, CancellationToken.None));
        var nul = await Assert.ThrowsAsync<DomainException>(() => _service.SearchAsync(_caller, "a\0b", false, null, CancellationToken.None));

        Assert.That((tooLong!.Kind, nul!.Kind), Is.EqualTo((ErrorKind.InvalidArgument, ErrorKind.InvalidArgument)));
        _objects.Verify(o => o.SearchAsync(It.IsAny<Guid>(), It.IsAny<bool>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Search_NegativeLimit_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.SearchAsync(_caller, "x", false, -1, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [TestCase(null, NativeObjectService.DefaultSearchLimit)]
    [TestCase(0, 0)]
    [TestCase(7, 7)]
    [TestCase(100_000, NativeObjectService.MaxSearchLimit)]
    public async Task Search_Limit_IsDefaultedAndCapped_AndTheTextTrimmed(int? limit, int expected)
    {
        _objects.Setup(o => o.SearchAsync(_caller, true, "photo", expected, It.IsAny<CancellationToken>())).ReturnsAsync([new SearchHit(FileCid.Value, "photo.jpg")]);

        var hits = await _service.SearchAsync(_caller, "  photo ", true, limit, CancellationToken.None);

        Assert.That(hits.Select(h => h.Name), Is.EqualTo(new[] { "photo.jpg" }));
    }

    [TestCase(-1, null)]
    [TestCase(null, -1)]
    public async Task ListRoots_NegativeLimitOrOffset_ThrowsInvalidArgument(int? limit, int? offset)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListRootsAsync(_caller, RootsView.Mine, limit, offset, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _objects.Verify(o => o.ListRootsAsync(It.IsAny<Guid>(), It.IsAny<RootsView>(), It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase(null, null, NativeObjectService.DefaultPageSize, 0)]
    [TestCase(10, 20, 10, 20)]
    [TestCase(1_000_000, 5, NativeObjectService.MaxPageSize, 5)]
    public async Task ListRoots_LimitAndOffset_AreDefaultedAndCapped(int? limit, int? offset, int expectedLimit, int expectedOffset)
    {
        var page = new ObjectPage([], 42);
        _objects.Setup(o => o.ListRootsAsync(_caller, RootsView.Shared, expectedLimit, expectedOffset, It.IsAny<CancellationToken>())).ReturnsAsync(page);

        var result = await _service.ListRootsAsync(_caller, RootsView.Shared, limit, offset, CancellationToken.None);

        Assert.That(result, Is.SameAs(page));
    }

    private void Access(ContentOwnership? hold, bool published) =>
        _objects.Setup(o => o.GetAccessAsync(_caller, FileCid, It.IsAny<CancellationToken>())).ReturnsAsync(new ObjectAccess(File, hold, published));

    private void Holds(ContentOwnership hold) =>
        _ownerships.Setup(o => o.FindAsync(_caller, Cid.Parse(hold.Cid), It.IsAny<CancellationToken>())).ReturnsAsync(hold);

    private User Target(string name)
    {
        var user = User.Register(name, T0);
        _users.Setup(u => u.FindByPublicIdAsync(user.PublicId, It.IsAny<CancellationToken>())).ReturnsAsync(user);
        return user;
    }
}
