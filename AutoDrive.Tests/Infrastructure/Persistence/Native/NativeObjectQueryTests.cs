using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Native;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.TestSupport;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Native;

/// <summary>
/// The native API's read side against a real PostgreSQL. One database, seeded once (the tests only read):
/// <list type="bullet">
/// <item>alice uploaded six roots (minutes 1 to 6: "Holiday Photo.JPG", "100%_done.txt", "100 done.txt",
/// "100x_done.txt", "back\slash.txt", "plain.txt"), a folder member "member photo.jpg" (7), "trashed photo.jpg" (8, then
/// trashed) and "owners.bin" (15); bob shared "shared photo.jpg" (his upload, 9) with her (10).</item>
/// <item>bob uploaded "bob photo.jpg" (11) and "bob published photo.jpg" (12), which he published (13); alice published
/// "plain.txt" (14) and, later, bob's published photo too (16: still one published root).</item>
/// <item>owners.bin: alice shared it with bob; carol uploaded the same content on her own and shared it with dave.</item>
/// </list>
/// </summary>
public class NativeObjectQueryTests
{
    private MigratedDatabase _database = null!;
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private User _dave = null!;
    private User _eve = null!;
    private readonly Dictionary<string, Cid> _cids = [];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        (_alice, _bob, _carol, _dave, _eve) = (
            await AddUserAsync(_database, "alice"), await AddUserAsync(_database, "bob"), await AddUserAsync(_database, "carol"),
            await AddUserAsync(_database, "dave"), await AddUserAsync(_database, "eve"));

        string[] aliceRoots = ["Holiday Photo.JPG", "100%_done.txt", "100 done.txt", "100x_done.txt", "back\\slash.txt", "plain.txt"];
        for (var i = 0; i < aliceRoots.Length; i++)
        {
            await UploadAsync(_alice, aliceRoots[i], i + 1);
        }

        await RecordFileAsync(_database, Cid("member photo.jpg"), "member photo.jpg", ContentOwnership.GrantMember(Cid("member photo.jpg"), _alice.Id, At(7)));
        await UploadAsync(_alice, "trashed photo.jpg", 8);
        await using (var db = _database.CreateContext())
        {
            await new OwnershipRepository(db).TrashAsync(_alice.Id, Cid("trashed photo.jpg"), At(8), CancellationToken.None);
        }

        await UploadAsync(_bob, "shared photo.jpg", 9);
        await ShareAsync("shared photo.jpg", _bob, _alice, 10);
        await UploadAsync(_bob, "bob photo.jpg", 11);
        await UploadAsync(_bob, "bob published photo.jpg", 12);
        await PublishAsync("bob published photo.jpg", _bob, 13);
        await PublishAsync("plain.txt", _alice, 14);
        await UploadAsync(_alice, "owners.bin", 15);
        await PublishAsync("bob published photo.jpg", _alice, 16);
        await ShareAsync("owners.bin", _alice, _bob, 17);
        await RecordFileAsync(_database, Cid("owners.bin"), "owners.bin", ContentOwnership.Grant(Cid("owners.bin"), _carol.Id, At(18)));
        await ShareAsync("owners.bin", _carol, _dave, 19);
    }

    [Test]
    public async Task ListRoots_Mine_AreTheUsersUntrashedUploadedRoots_MostRecentFirst()
    {
        var page = await ListRootsAsync(_alice, RootsView.Mine, 100, 0);

        Assert.That(page.Rows.Select(r => r.Name), Is.EqualTo(new[]
        {
            "owners.bin", "plain.txt", "back\\slash.txt", "100x_done.txt", "100 done.txt", "100%_done.txt", "Holiday Photo.JPG",
        }));
        Assert.That(page.TotalCount, Is.EqualTo(7));
    }

    [Test]
    public async Task ListRoots_Mine_PagesWithLimitAndOffset_AndCountsEverything()
    {
        var first = await ListRootsAsync(_alice, RootsView.Mine, 3, 0);
        var last = await ListRootsAsync(_alice, RootsView.Mine, 3, 6);
        var past = await ListRootsAsync(_alice, RootsView.Mine, 3, 7);

        Assert.That(first.Rows.Select(r => r.Name), Is.EqualTo(new[] { "owners.bin", "plain.txt", "back\\slash.txt" }));
        Assert.That(last.Rows.Select(r => r.Name), Is.EqualTo(new[] { "Holiday Photo.JPG" }));
        Assert.That(past.Rows, Is.Empty);
        Assert.That(new[] { first.TotalCount, last.TotalCount, past.TotalCount }, Is.All.EqualTo(7));
    }

    [Test]
    public async Task ListRoots_Shared_AreTheRootsOthersSharedWithTheUser()
    {
        var alice = await ListRootsAsync(_alice, RootsView.Shared, 100, 0);
        var bob = await ListRootsAsync(_bob, RootsView.Shared, 100, 0);

        Assert.That((alice.Rows.Select(r => r.Name), alice.TotalCount), Is.EqualTo((new[] { "shared photo.jpg" }, 1L)));
        Assert.That((bob.Rows.Select(r => r.Name), bob.TotalCount), Is.EqualTo((new[] { "owners.bin" }, 1L)));
    }

    [Test]
    public async Task ListRoots_Trashed_IsTheUsersTrash()
    {
        var page = await ListRootsAsync(_alice, RootsView.Trashed, 100, 0);

        Assert.That((page.Rows.Select(r => r.Name), page.TotalCount), Is.EqualTo((new[] { "trashed photo.jpg" }, 1L)));
    }

    [Test]
    public async Task ListRoots_Published_IsEveryPublishedContentOnce_MostRecentlyFirstPublishedFirst()
    {
        var page = await ListRootsAsync(_eve, RootsView.Published, 100, 0);
        var second = await ListRootsAsync(_eve, RootsView.Published, 1, 1);

        Assert.That(page.Rows.Select(r => r.Name), Is.EqualTo(new[] { "plain.txt", "bob published photo.jpg" }));
        Assert.That(page.TotalCount, Is.EqualTo(2));
        Assert.That((second.Rows.Select(r => r.Name), second.TotalCount), Is.EqualTo((new[] { "bob published photo.jpg" }, 2L)));
    }

    [TestCase("photo")]
    [TestCase("PHOTO")]
    [TestCase("pHoTo")]
    public async Task Search_NameFragment_IsCaseInsensitive_OverTheUsersUntrashedObjects(string text)
    {
        var hits = await SearchAsync(_alice, published: false, text);

        Assert.That(hits.Select(h => h.Name), Is.EquivalentTo(new[] { "Holiday Photo.JPG", "member photo.jpg", "shared photo.jpg" }));
        Assert.That(hits.Select(h => h.Cid), Is.EquivalentTo(new[] { Cid("Holiday Photo.JPG").Value, Cid("member photo.jpg").Value, Cid("shared photo.jpg").Value }));
    }

    [TestCase("%", new[] { "100%_done.txt" })]
    [TestCase("%_", new[] { "100%_done.txt" })]
    [TestCase("_done", new[] { "100%_done.txt", "100x_done.txt" })]
    [TestCase("0_", new string[0])]
    [TestCase("\\", new[] { "back\\slash.txt" })]
    [TestCase("\\s", new[] { "back\\slash.txt" })]
    [TestCase("k\\", new[] { "back\\slash.txt" })]
    public async Task Search_LikeMetacharacters_AreLiteral(string text, string[] expected)
    {
        var hits = await SearchAsync(_alice, published: false, text);

        Assert.That(hits.Select(h => h.Name), Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Search_ACidOfTheUsers_FindsThatObject()
    {
        var hits = await SearchAsync(_alice, published: false, Cid("plain.txt").Value);

        Assert.That(hits, Is.EqualTo(new[] { new SearchHit(Cid("plain.txt").Value, "plain.txt") }));
    }

    [TestCase("bob photo.jpg")]
    [TestCase("trashed photo.jpg")]
    public async Task Search_ACidTheUserDoesNotSee_FindsNothing(string name)
    {
        Assert.That(await SearchAsync(_alice, published: false, Cid(name).Value), Is.Empty);
    }

    [Test]
    public async Task Search_AnotherUsersName_IsNotFoundInTheUsersScope()
    {
        Assert.That(await SearchAsync(_alice, published: false, "bob"), Is.Empty);
    }

    [Test]
    public async Task Search_Published_FindsOnlyPublishedObjects_WhoeverOwnsThem()
    {
        var photos = await SearchAsync(_eve, published: true, "photo");
        var plain = await SearchAsync(_eve, published: true, "PLAIN");

        Assert.That(photos.Select(h => h.Name), Is.EqualTo(new[] { "bob published photo.jpg" }));
        Assert.That(plain.Select(h => h.Name), Is.EqualTo(new[] { "plain.txt" }));
    }

    [Test]
    public async Task Search_Published_ByCid_FindsOnlyAPublishedObject()
    {
        Assert.That((await SearchAsync(_eve, published: true, Cid("bob published photo.jpg").Value)).Select(h => h.Name), Is.EqualTo(new[] { "bob published photo.jpg" }));
        Assert.That(await SearchAsync(_eve, published: true, Cid("bob photo.jpg").Value), Is.Empty);
    }

    [Test]
    public async Task Search_Limit_BoundsTheHits()
    {
        Assert.That(await SearchAsync(_alice, published: false, "100", limit: 2), Has.Count.EqualTo(2));
        Assert.That(await SearchAsync(_alice, published: false, "100", limit: 10), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task ListOwners_ShowsTheCallerWhomTheySharedWithAndWhoSharedWithThem_Only()
    {
        var cid = Cid("owners.bin");

        Assert.That(await OwnersAsync(cid, _alice), Is.EquivalentTo(new[] { Owner(_alice, OwnerRole.Admin), Owner(_bob, OwnerRole.Viewer) }));
        Assert.That(await OwnersAsync(cid, _bob), Is.EquivalentTo(new[] { Owner(_bob, OwnerRole.Viewer), Owner(_alice, OwnerRole.Admin) }));
        Assert.That(await OwnersAsync(cid, _carol), Is.EquivalentTo(new[] { Owner(_carol, OwnerRole.Admin), Owner(_dave, OwnerRole.Viewer) }));
        Assert.That(await OwnersAsync(cid, _dave), Is.EquivalentTo(new[] { Owner(_dave, OwnerRole.Viewer), Owner(_carol, OwnerRole.Admin) }));
        Assert.That(await OwnersAsync(cid, _eve), Is.Empty);
    }

    [Test]
    public async Task ListOwners_WithoutACaller_IsEmpty()
    {
        await using var db = _database.CreateContext();

        Assert.That(await new NativeObjectQuery(db).ListOwnersAsync(Cid("owners.bin"), null, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task GetAccess_GivesTheCallersHoldAndWhetherTheContentIsPublished()
    {
        await using var db = _database.CreateContext();
        var query = new NativeObjectQuery(db);

        var unpublished = await query.GetAccessAsync(_alice.Id, Cid("bob photo.jpg"), CancellationToken.None);
        var published = await query.GetAccessAsync(_alice.Id, Cid("bob published photo.jpg"), CancellationToken.None);
        var own = await query.GetAccessAsync(_alice.Id, Cid("plain.txt"), CancellationToken.None);
        var anonymous = await query.GetAccessAsync(null, Cid("plain.txt"), CancellationToken.None);
        var unknown = await query.GetAccessAsync(_alice.Id, TestCids.Of("nothing stored"), CancellationToken.None);

        Assert.That((unpublished.Content?.Name, unpublished.Hold, unpublished.Published, unpublished.CanRead), Is.EqualTo(("bob photo.jpg", (ContentOwnership?)null, false, false)));
        Assert.That((published.Hold, published.Published, published.CanRead), Is.EqualTo(((ContentOwnership?)null, true, true)));
        Assert.That((own.Hold?.Role, own.Published, own.CanRead), Is.EqualTo(((OwnerRole?)OwnerRole.Admin, true, true)));
        Assert.That((anonymous.Hold, anonymous.Published), Is.EqualTo(((ContentOwnership?)null, true)));
        Assert.That((unknown.Content, unknown.CanRead), Is.EqualTo(((StoredContent?)null, false)));
    }

    private Cid Cid(string name)
    {
        if (!_cids.TryGetValue(name, out var cid))
        {
            cid = TestCids.Of("native-object-query:" + name);
            _cids[name] = cid;
        }

        return cid;
    }

    private static DateTimeOffset At(int minute) => Now.AddMinutes(minute);

    private Task UploadAsync(User user, string name, int minute) =>
        RecordFileAsync(_database, Cid(name), name, ContentOwnership.Grant(Cid(name), user.Id, At(minute)));

    private async Task ShareAsync(string name, User from, User to, int minute)
    {
        await using var db = _database.CreateContext();
        await new OwnershipRepository(db).ShareAsync(Cid(name), from.Id, to.Id, At(minute), CancellationToken.None);
    }

    private async Task PublishAsync(string name, User user, int minute)
    {
        await using var db = _database.CreateContext();
        new PublicationRepository(db).Add(Publication.Publish(Cid(name), user.Id, At(minute)));
        await db.SaveChangesAsync();
    }

    private async Task<ObjectPage> ListRootsAsync(User user, RootsView view, int limit, int offset)
    {
        await using var db = _database.CreateContext();
        return await new NativeObjectQuery(db).ListRootsAsync(user.Id, view, limit, offset, CancellationToken.None);
    }

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(User user, bool published, string text, int limit = 100)
    {
        await using var db = _database.CreateContext();
        return await new NativeObjectQuery(db).SearchAsync(user.Id, published, text, limit, CancellationToken.None);
    }

    private async Task<IReadOnlyList<OwnerRow>> OwnersAsync(Cid cid, User caller)
    {
        await using var db = _database.CreateContext();
        return await new NativeObjectQuery(db).ListOwnersAsync(cid, caller.Id, CancellationToken.None);
    }

    private static OwnerRow Owner(User user, OwnerRole role) => new(user.PublicId, role);
}
