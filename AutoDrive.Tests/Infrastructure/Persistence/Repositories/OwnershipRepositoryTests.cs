using AutoDrive.Domain.Content;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.TestSupport;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Repositories;

/// <summary>
/// Trash, restore and share over a folder with nested subfolders, against a real PostgreSQL. Each test has its own
/// users and this tree, uploaded by alice as one folder:
/// <code>
/// photos/            (alice's root)
///   a.txt            (member)
///   sub/             (member)
///     b.txt          (member)
///     deep/          (member)
///       c.txt        (member)
///   d.txt            (member, and also one of alice's roots: she uploaded it on its own too)
/// </code>
/// with a key for each file (photos/a.txt, photos/sub/b.txt, photos/sub/deep/c.txt, d.txt), and an unrelated root
/// other.txt. Bob uploaded a.txt on his own (his root, his key a.txt).
/// </summary>
public class OwnershipRepositoryTests
{
    private MigratedDatabase _database = null!;
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private Cid _photos;
    private Cid _sub;
    private Cid _deep;
    private Cid _a;
    private Cid _b;
    private Cid _c;
    private Cid _d;
    private Cid _other;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await MigratedDatabase.CreateAsync();

    [SetUp]
    public async Task SeedAsync()
    {
        _alice = await AddUserAsync(_database, "alice");
        _bob = await AddUserAsync(_database, "bob");
        _carol = await AddUserAsync(_database, "carol");
        var run = Guid.NewGuid().ToString();
        (_photos, _sub, _deep) = (TestCids.Of(run + "photos"), TestCids.Of(run + "sub"), TestCids.Of(run + "deep"));
        (_a, _b, _c, _d, _other) = (TestCids.Of(run + "a"), TestCids.Of(run + "b"), TestCids.Of(run + "c"), TestCids.Of(run + "d"), TestCids.Of(run + "other"));

        foreach (var file in new[] { _a, _b, _c, _d })
        {
            await RecordFileAsync(_database, file, "file", ContentOwnership.GrantMember(file, _alice.Id, Now));
        }

        await RecordFileAsync(_database, _d, "d.txt", ContentOwnership.Grant(_d, _alice.Id, Now));
        await RecordFileAsync(_database, _other, "other.txt", ContentOwnership.Grant(_other, _alice.Id, Now));
        await RecordFolderAsync(_database, _deep, "deep", [(_c, ContentKind.File)], ContentOwnership.GrantMember(_deep, _alice.Id, Now));
        await RecordFolderAsync(_database, _sub, "sub", [(_b, ContentKind.File), (_deep, ContentKind.Folder)], ContentOwnership.GrantMember(_sub, _alice.Id, Now));
        await RecordFolderAsync(_database, _photos, "photos", [(_a, ContentKind.File), (_sub, ContentKind.Folder), (_d, ContentKind.File)], ContentOwnership.Grant(_photos, _alice.Id, Now));
        await MapAsync(_database, _alice.Id, "photos/a.txt", _a);
        await MapAsync(_database, _alice.Id, "photos/sub/b.txt", _b);
        await MapAsync(_database, _alice.Id, "photos/sub/deep/c.txt", _c);
        await MapAsync(_database, _alice.Id, "d.txt", _d);
        await MapAsync(_database, _alice.Id, "other.txt", _other);
        await RecordFileAsync(_database, _a, "a.txt", ContentOwnership.Grant(_a, _bob.Id, Now));
        await MapAsync(_database, _bob.Id, "a.txt", _a);
    }

    [Test]
    public async Task Trash_AFolder_TrashesItAndEveryMemberUnderIt_ButNotAMemberThatIsAlsoARoot()
    {
        var at = Now.AddHours(1);

        await TrashAsync(_alice.Id, _photos, at);

        foreach (var trashed in new[] { _photos, _sub, _deep, _a, _b, _c })
        {
            Assert.That((await HoldAsync(_database, _alice.Id, trashed))!.TrashedAt, Is.EqualTo(at), trashed.Value);
        }

        Assert.That((await HoldAsync(_database, _alice.Id, _d))!.TrashedAt, Is.Null, "d.txt is one of alice's roots");
        Assert.That((await HoldAsync(_database, _alice.Id, _other))!.TrashedAt, Is.Null);
    }

    [Test]
    public async Task Trash_AFolder_HidesTheKeysOfTheTrashedContents_OnlyThoseOfTheUser()
    {
        var at = Now.AddHours(1);

        await TrashAsync(_alice.Id, _photos, at);

        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "photos/a.txt"), Is.EqualTo(at));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "photos/sub/b.txt"), Is.EqualTo(at));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "photos/sub/deep/c.txt"), Is.EqualTo(at));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "d.txt"), Is.Null);
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "other.txt"), Is.Null);
        Assert.That(await KeyTrashedAtAsync(_database, _bob.Id, "a.txt"), Is.Null, "bob's key to a.txt is his");
        Assert.That((await HoldAsync(_database, _bob.Id, _a))!.TrashedAt, Is.Null, "bob's hold on a.txt is his");
    }

    [Test]
    public async Task Trash_Twice_KeepsTheFirstTime()
    {
        await TrashAsync(_alice.Id, _photos, Now.AddHours(1));

        await TrashAsync(_alice.Id, _photos, Now.AddHours(2));

        Assert.That((await HoldAsync(_database, _alice.Id, _sub))!.TrashedAt, Is.EqualTo(Now.AddHours(1)));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "photos/a.txt"), Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public async Task Trash_AFile_TrashesOnlyItAndItsKeys()
    {
        await TrashAsync(_alice.Id, _d, Now.AddHours(1));

        Assert.That((await HoldAsync(_database, _alice.Id, _d))!.TrashedAt, Is.EqualTo(Now.AddHours(1)));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "d.txt"), Is.EqualTo(Now.AddHours(1)));
        Assert.That((await HoldAsync(_database, _alice.Id, _photos))!.TrashedAt, Is.Null);
    }

    [Test]
    public async Task Restore_AFolder_RestoresItItsMembersAndTheirKeys()
    {
        await TrashAsync(_alice.Id, _photos, Now.AddHours(1));

        await RestoreAsync(_alice.Id, _photos);

        foreach (var cid in new[] { _photos, _sub, _deep, _a, _b, _c, _d })
        {
            Assert.That((await HoldAsync(_database, _alice.Id, cid))!.TrashedAt, Is.Null, cid.Value);
        }

        foreach (var key in new[] { "photos/a.txt", "photos/sub/b.txt", "photos/sub/deep/c.txt", "d.txt" })
        {
            Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, key), Is.Null, key);
        }
    }

    [Test]
    public async Task Restore_AFolder_LeavesARootUnderItThatWasTrashedOnItsOwn()
    {
        await TrashAsync(_alice.Id, _d, Now.AddHours(1));
        await TrashAsync(_alice.Id, _photos, Now.AddHours(2));

        await RestoreAsync(_alice.Id, _photos);

        Assert.That((await HoldAsync(_database, _alice.Id, _d))!.TrashedAt, Is.EqualTo(Now.AddHours(1)));
        Assert.That(await KeyTrashedAtAsync(_database, _alice.Id, "d.txt"), Is.EqualTo(Now.AddHours(1)));
        Assert.That((await HoldAsync(_database, _alice.Id, _a))!.TrashedAt, Is.Null);
    }

    [Test]
    public async Task Share_AFolder_GivesViewerHoldsOnItAsARootAndOnItsMembersAsMembers()
    {
        var at = Now.AddHours(1);

        await ShareAsync(_photos, _alice.Id, _carol.Id, at);

        var root = await HoldAsync(_database, _carol.Id, _photos);
        Assert.That((root!.Role, root.IsRoot, root.GrantedBy, root.CreatedAt, root.TrashedAt), Is.EqualTo((OwnerRole.Viewer, true, (Guid?)_alice.Id, at, (DateTimeOffset?)null)));
        foreach (var member in new[] { _sub, _deep, _a, _b, _c, _d })
        {
            var hold = await HoldAsync(_database, _carol.Id, member);
            Assert.That((hold!.Role, hold.IsRoot, hold.GrantedBy), Is.EqualTo((OwnerRole.Viewer, false, (Guid?)_alice.Id)), member.Value);
        }

        Assert.That(await HoldAsync(_database, _carol.Id, _other), Is.Null);
        Assert.That((await HoldAsync(_database, _alice.Id, _photos))!.Role, Is.EqualTo(OwnerRole.Admin), "the sharer's hold is unchanged");
    }

    [Test]
    public async Task Share_AFolder_KeepsTheHoldsTheTargetAlreadyHas()
    {
        // Bob uploaded a.txt himself (his root); he also holds sub/ as a member of a folder of his own.
        await RecordFileAsync(_database, _sub, "sub", ContentOwnership.GrantMember(_sub, _bob.Id, Now));

        await ShareAsync(_photos, _alice.Id, _bob.Id, Now.AddHours(1));

        var a = await HoldAsync(_database, _bob.Id, _a);
        Assert.That((a!.Role, a.IsRoot, a.GrantedBy, a.CreatedAt), Is.EqualTo((OwnerRole.Admin, true, (Guid?)null, Now)));
        var sub = await HoldAsync(_database, _bob.Id, _sub);
        Assert.That((sub!.Role, sub.IsRoot, sub.GrantedBy), Is.EqualTo((OwnerRole.Admin, false, (Guid?)null)));
        Assert.That((await HoldAsync(_database, _bob.Id, _photos))!.Role, Is.EqualTo(OwnerRole.Viewer));
    }

    [Test]
    public async Task Share_AContentTheTargetHeldAsAMember_MakesItOneOfTheirRoots()
    {
        await ShareAsync(_photos, _alice.Id, _carol.Id, Now.AddHours(1));

        await ShareAsync(_sub, _alice.Id, _carol.Id, Now.AddHours(2));

        var sub = await HoldAsync(_database, _carol.Id, _sub);
        Assert.That((sub!.Role, sub.IsRoot), Is.EqualTo((OwnerRole.Viewer, true)));
        Assert.That((await HoldAsync(_database, _carol.Id, _b))!.IsRoot, Is.False);
    }

    private async Task TrashAsync(Guid user, Cid cid, DateTimeOffset at)
    {
        await using var db = _database.CreateContext();
        await new OwnershipRepository(db).TrashAsync(user, cid, at, CancellationToken.None);
    }

    private async Task RestoreAsync(Guid user, Cid cid)
    {
        await using var db = _database.CreateContext();
        await new OwnershipRepository(db).RestoreAsync(user, cid, CancellationToken.None);
    }

    private async Task ShareAsync(Cid cid, Guid from, Guid to, DateTimeOffset at)
    {
        await using var db = _database.CreateContext();
        await new OwnershipRepository(db).ShareAsync(cid, from, to, at, CancellationToken.None);
    }
}
