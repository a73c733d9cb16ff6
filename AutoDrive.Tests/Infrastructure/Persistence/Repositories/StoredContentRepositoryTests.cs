using AutoDrive.Domain.Content;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Repositories;

/// <summary>Recording contents and holds against a real PostgreSQL with the committed migrations.</summary>
public class StoredContentRepositoryTests
{
    private MigratedDatabase _database = null!;
    private User _alice = null!;
    private User _bob = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await MigratedDatabase.CreateAsync();

    [SetUp]
    public async Task AddUsersAsync()
    {
        _alice = await AddUserAsync(_database, "alice");
        _bob = await AddUserAsync(_database, "bob");
    }

    [Test]
    public async Task Record_UploadOfAContentSharedWithTheUser_MakesTheViewerAnAdmin()
    {
        var cid = NewCid();
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Share(cid, _alice.Id, _bob.Id, isRoot: true, Now));

        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _alice.Id, Now.AddHours(1)));

        var hold = await HoldAsync(_database, _alice.Id, cid);
        Assert.That((hold!.Role, hold.IsRoot), Is.EqualTo((OwnerRole.Admin, true)));
        Assert.That(hold.CreatedAt, Is.EqualTo(Now), "the hold is the same one, grown");
    }

    [Test]
    public async Task Record_ShareOfAnUploadersContent_KeepsTheAdmin()
    {
        var cid = NewCid();
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _alice.Id, Now));

        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Share(cid, _alice.Id, _bob.Id, isRoot: true, Now));

        var hold = await HoldAsync(_database, _alice.Id, cid);
        Assert.That((hold!.Role, hold.IsRoot, hold.GrantedBy), Is.EqualTo((OwnerRole.Admin, true, (Guid?)null)));
    }

    [Test]
    public async Task Record_RootUploadOfAFolderMember_MakesItARoot()
    {
        var cid = NewCid();
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.GrantMember(cid, _alice.Id, Now));

        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _alice.Id, Now));

        Assert.That((await HoldAsync(_database, _alice.Id, cid))!.IsRoot, Is.True);
    }

    [Test]
    public async Task Record_MemberUploadOfARoot_KeepsItARoot()
    {
        var cid = NewCid();
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _alice.Id, Now));

        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.GrantMember(cid, _alice.Id, Now));

        Assert.That((await HoldAsync(_database, _alice.Id, cid))!.IsRoot, Is.True);
    }

    [Test]
    public async Task Record_RepeatedUpload_WritesNothing()
    {
        var cid = NewCid();
        await RecordFileAsync(_database, cid, "first.txt", ContentOwnership.Grant(cid, _alice.Id, Now));
        var before = await HoldRowVersionAsync(_database, _alice.Id, cid);

        await RecordFileAsync(_database, cid, "second.txt", ContentOwnership.Grant(cid, _alice.Id, Now.AddHours(1)));
        await RecordFileAsync(_database, cid, "second.txt", ContentOwnership.GrantMember(cid, _alice.Id, Now.AddHours(2)));

        Assert.That(await HoldRowVersionAsync(_database, _alice.Id, cid), Is.EqualTo(before), "the hold's row was not written again");
        await using var db = _database.CreateContext();
        var content = await new StoredContentRepository(db).FindAsync(cid, CancellationToken.None);
        Assert.That(content!.Name, Is.EqualTo("first.txt"), "the first record of a content stays");
        Assert.That((await HoldAsync(_database, _alice.Id, cid))!.CreatedAt, Is.EqualTo(Now));
    }

    [Test]
    public async Task Record_UploadOfATrashedContent_RestoresTheHoldAndTheUsersKeysToIt_OnlyThose()
    {
        var cid = NewCid();
        var other = NewCid();
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _alice.Id, Now));
        await RecordFileAsync(_database, other, "b.txt", ContentOwnership.Grant(other, _alice.Id, Now));
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _bob.Id, Now));
        await MapAsync(_database, _alice.Id, "a.txt", cid);
        await MapAsync(_database, _alice.Id, "copy/a.txt", cid);
        await MapAsync(_database, _alice.Id, "b.txt", other);
        await MapAsync(_database, _bob.Id, "a.txt", cid);
        await using (var db = _database.CreateContext())
        {
            var ownerships = new OwnershipRepository(db);
            await ownerships.TrashAsync(_alice.Id, cid, Now, CancellationToken.None);
            await ownerships.TrashAsync(_alice.Id, other, Now, CancellationToken.None);
            await ownerships.TrashAsync(_bob.Id, cid, Now, CancellationToken.None);
        }

        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Grant(cid, _alice.Id, Now.AddHours(1)));

        Assert.That((await HoldAsync(_database, _alice.Id, cid))!.TrashedAt, Is.Null);
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "a.txt"), Is.Null);
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "copy/a.txt"), Is.Null);
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "b.txt"), Is.EqualTo(Now), "a key to another content stays trashed");
        Assert.That((await HoldAsync(_database, _alice.Id, other))!.TrashedAt, Is.EqualTo(Now));
        Assert.That((await HoldAsync(_database, _bob.Id, cid))!.TrashedAt, Is.EqualTo(Now), "another user's hold stays trashed");
        Assert.That(await KeyTrashedAtAsync(_database, _bob.Id, "a.txt"), Is.EqualTo(Now), "another user's key stays trashed");
    }

    [Test]
    public async Task Record_ShareOfATrashedHold_KeepsItTrashed()
    {
        var cid = NewCid();
        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Share(cid, _alice.Id, _bob.Id, isRoot: true, Now));
        await MapAsync(_database, _alice.Id, "a.txt", cid);
        await using (var db = _database.CreateContext())
        {
            await new OwnershipRepository(db).TrashAsync(_alice.Id, cid, Now, CancellationToken.None);
        }

        await RecordFileAsync(_database, cid, "a.txt", ContentOwnership.Share(cid, _alice.Id, _bob.Id, isRoot: true, Now.AddHours(1)));

        Assert.That((await HoldAsync(_database, _alice.Id, cid))!.TrashedAt, Is.EqualTo(Now));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "a.txt"), Is.EqualTo(Now));
    }

    [Test]
    public async Task RecordFolder_Twice_KeepsTheFirstEntries()
    {
        var child = NewCid();
        var folder = NewCid();
        await RecordFileAsync(_database, child, "a.txt", ContentOwnership.Grant(child, _alice.Id, Now));
        await using var db = _database.CreateContext();
        var repository = new StoredContentRepository(db);
        var content = StoredContent.RecordFolder(folder, "photos", 1, 1, Now);

        await repository.RecordFolderAsync(content, [new FolderEntry(0, child, ContentKind.File, "a.txt", 1)], CancellationToken.None);
        await repository.RecordFolderAsync(content, [new FolderEntry(0, child, ContentKind.File, "renamed.txt", 1)], CancellationToken.None);

        var entries = await db.FolderEntries.AsNoTracking().Where(e => e.FolderCid == folder.Value).ToListAsync();
        Assert.That(entries.Select(e => (e.Position, e.ChildCid, e.Name)), Is.EqualTo(new[] { (0, child.Value, "a.txt") }));
        Assert.That((await repository.FindAsync(folder, CancellationToken.None))!.Kind, Is.EqualTo(ContentKind.Folder));
    }

    private static Cid NewCid() => TestCids.Of(Guid.NewGuid().ToString());
}
