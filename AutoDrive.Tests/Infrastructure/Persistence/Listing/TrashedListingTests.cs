using AutoDrive.Application.Listing;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Listing;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Tests.Infrastructure.Persistence.Listing;

/// <summary>
/// Keys whose content the owner moved to the trash (native API) are not listed, and skipping them costs nothing: the
/// listing reads the page, not the trashed rows. Seed, bucket "trash": a, b (trashed), c/1 (trashed), c/2, d/1
/// (trashed), t/00000 … t/02999 (all trashed), u.
/// </summary>
public class TrashedListingTests
{
    private const int TrashedUnderT = 3000;
    private const string Bucket = "trash";

    private MigratedDatabase _database = null!;
    private User _alice = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        _alice = await ListingSeed.AddUserAsync(_database, "alice");
        var keys = new List<string> { "a", "b", "c/1", "c/2", "d/1", "u" };
        keys.AddRange(Enumerable.Range(0, TrashedUnderT).Select(i => $"t/{i:D5}"));
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, Bucket, keys);
        await using var db = _database.CreateContext();
        var trashed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE object_mappings SET trashed_at = {ListingSeed.Now}
            WHERE owner_id = {_alice.Id} AND bucket_name = {Bucket} AND (key LIKE 't/%' OR key IN ('b', 'c/1', 'd/1'))
            """);
        Assert.That(trashed, Is.EqualTo(TrashedUnderT + 3));
        // Trashing rewrote the rows: the versions from before are dead, but their entries stay in the listing index until
        // VACUUM (or a first scan marks them). The tests measure what the live trashed rows cost, so the table is vacuumed.
        await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) object_mappings");
    }

    [Test]
    public async Task ListAsync_WithoutDelimiter_OmitsTrashedKeys()
    {
        var rows = await ListAsync(new ListingPageQuery(_alice.Id, Bucket, "", null, null, 100));

        Assert.That(rows.Select(r => r.Key), Is.EqualTo(new[] { "a", "c/2", "u" }));
    }

    [Test]
    public async Task ListAsync_WithDelimiter_OmitsTrashedKeys_AndPrefixesWhoseKeysAreAllTrashed()
    {
        var rows = await ListAsync(new ListingPageQuery(_alice.Id, Bucket, "", "/", null, 100));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "a", "c/", "u" }));
        Assert.That(rows.Single(r => r.CommonPrefix == "c/").Key, Is.EqualTo("c/2"), "the prefix is represented by a visible key");
    }

    [Test]
    public async Task ListAsync_PrefixOfTrashedKeysOnly_IsEmpty()
    {
        Assert.That(await ListAsync(new ListingPageQuery(_alice.Id, Bucket, "t/", null, null, 100)), Is.Empty);
        Assert.That(await ListAsync(new ListingPageQuery(_alice.Id, Bucket, "t/", "/", null, 100)), Is.Empty);
    }

    [TestCase(null)]
    [TestCase("/")]
    public async Task ListAsync_PageAcrossThousandsOfTrashedKeys_ReadsRowsOfThePageOnly(string? delimiter)
    {
        await using var db = _database.CreateContext();
        var query = new ObjectListingQuery(db);
        await using var counter = await RowsReadCounter.StartAsync(db);

        // From after c/2: the 3,000 trashed keys under t/ lie between it and u.
        var rows = await query.ListAsync(
            new ListingPageQuery(_alice.Id, Bucket, "", delimiter, new ListingStart("c/2", ListingBoundKind.After), 10), CancellationToken.None);
        var read = await counter.TakeAsync();
        var control = await db.ObjectMappings.CountAsync(m => m.OwnerId == _alice.Id && m.BucketName == Bucket);
        var controlRead = await counter.TakeAsync();

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "u" }));
        Assert.That(read, Is.LessThanOrEqualTo(4), "rows read by the page");
        Assert.That(control, Is.EqualTo(TrashedUnderT + 6));
        Assert.That(controlRead, Is.GreaterThanOrEqualTo(TrashedUnderT), "control: the counter sees the trashed rows a full count reads");
    }

    private async Task<IReadOnlyList<ListingRow>> ListAsync(ListingPageQuery query)
    {
        await using var db = _database.CreateContext();
        return await new ObjectListingQuery(db).ListAsync(query, CancellationToken.None);
    }
}
