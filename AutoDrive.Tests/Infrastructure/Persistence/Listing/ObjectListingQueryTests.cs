using AutoDrive.Application.Listing;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Listing;

namespace AutoDrive.Tests.Infrastructure.Persistence.Listing;

/// <summary>The listing index's SQL against a real PostgreSQL with the committed migrations.</summary>
public class ObjectListingQueryTests
{
    private const int BigPrefixKeys = 5000;

    private static readonly string[] CephKeys = ["asdf", "boo/bar", "boo/baz/xyzzy", "cquux/thud", "cquux/bla"];

    private MigratedDatabase _database = null!;
    private User _alice = null!;
    private User _bob = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        _alice = await ListingSeed.AddUserAsync(_database, "alice");
        _bob = await ListingSeed.AddUserAsync(_database, "bob");

        // One common prefix of 5,000 keys between small ones, and plain keys after it.
        var keys = new List<string> { "a/1", "a/2", "b", "c/1" };
        keys.AddRange(Enumerable.Range(0, BigPrefixKeys).Select(i => $"big/{i:D5}"));
        keys.AddRange(Enumerable.Range(0, 50).Select(i => $"m{i:D2}"));
        keys.AddRange(["z/1", "z/2/3"]);
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "big", keys);
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "ceph", CephKeys);
    }

    [Test]
    public async Task ListAsync_WithoutDelimiter_ReturnsKeysInUtf8ByteOrder()
    {
        string[] keys = ["a", "B", "b", "a b", "a+b", "a%b", "a/b", "é", "\uFFFD", "😀", "\uE000", "Z", "a\tb"];
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "order", keys);

        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "order", "", null, null, 100));

        Assert.That(rows.Select(r => r.Key), Is.EqualTo(ListingSeed.InUtf8Order(keys)));
        Assert.That(rows.Select(r => r.CommonPrefix), Is.All.Null);
    }

    [Test]
    public async Task ListAsync_WithSlashDelimiter_FoldsEachCommonPrefixOnce()
    {
        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "ceph", "", "/", null, 10));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "asdf", "boo/", "cquux/" }));
        Assert.That(rows.Select(r => r.CommonPrefix), Is.EqualTo(new[] { null, "boo/", "cquux/" }));
    }

    [Test]
    public async Task ListAsync_Delimiter_IsSearchedAfterThePrefix()
    {
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "after-prefix", ["bar", "baza", "bazab", "bazb", "bb", "ba"]);

        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "after-prefix", "ba", "a", null, 10));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "ba", "bar", "baza", "bazb" }));
        Assert.That(rows.Single(r => r.CommonPrefix is not null).CommonPrefix, Is.EqualTo("baza"));
    }

    [Test]
    public async Task ListAsync_MultiCharacterDelimiter_FoldsOnTheWholeDelimiter()
    {
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "multi", ["a--b--c", "a--d", "a-e", "b-", "b--"]);

        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "multi", "", "--", null, 10));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "a--", "a-e", "b-", "b--" }));
        Assert.That(rows.Select(r => r.CommonPrefix is not null), Is.EqualTo(new[] { true, false, false, true }));
    }

    [Test]
    public async Task ListAsync_DelimiterEndingInTheLastCodePoint_SkipsItsPrefixes()
    {
        const string Max = "\U0010FFFF";
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "maxchar", [$"x{Max}a", $"x{Max}b", $"x{Max}{Max}", "y"]);

        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "maxchar", "", Max, null, 10));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { $"x{Max}", "y" }));
    }

    [Test]
    public async Task ListAsync_KeysThenCommonPrefixesAcrossScanBatches_FoldsEveryEntryOnce()
    {
        var files = Enumerable.Range(0, 100).Select(i => $"f{i:D3}").ToList();
        await ListingSeed.AddObjectsAsync(_database, _alice.Id, "batches", files.Concat(["g/1", "g/2", "h", "i/x", "i/y/z", "j"]));

        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "batches", "", "/", null, 104));
        var fewer = await ListAsync(new ListingPageQuery(_alice.Id, "batches", "", "/", null, 101));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(files.Concat(["g/", "h", "i/", "j"])));
        Assert.That(fewer.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(files.Concat(["g/"])));
    }

    [Test]
    public async Task ListAsync_PastPrefixStart_ContinuesAfterTheWholePrefix()
    {
        var past = await ListAsync(new ListingPageQuery(_alice.Id, "ceph", "", "/", new ListingStart("boo/", ListingBoundKind.PastPrefix), 10));
        var after = await ListAsync(new ListingPageQuery(_alice.Id, "ceph", "", "/", new ListingStart("boo/", ListingBoundKind.After), 10));

        Assert.That(past.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "cquux/" }));
        Assert.That(after.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "boo/", "cquux/" }), "keys after the marker still fold into boo/");
    }

    [Test]
    public async Task ListAsync_Prefix_ListsOnlyKeysUnderIt()
    {
        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "big", "z/", null, null, 10));

        Assert.That(rows.Select(r => r.Key), Is.EqualTo(new[] { "z/1", "z/2/3" }));
    }

    [Test]
    public async Task ListAsync_Limit_StopsAfterThatManyEntries()
    {
        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "big", "", "/", null, 3));

        Assert.That(rows.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "a/", "b", "big/" }));
    }

    [Test]
    public async Task ListAsync_AnotherOwnersBucket_IsEmpty()
    {
        var rows = await ListAsync(new ListingPageQuery(_bob.Id, "ceph", "", null, null, 10));

        Assert.That(rows, Is.Empty);
    }

    [Test]
    public async Task ListAsync_Rows_CarryTheMappingsSizeDigestAndTime()
    {
        var legacy = Cid.Parse("bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai");
        await using (var db = _database.CreateContext())
        {
            await new AutoDrive.Infrastructure.Persistence.Repositories.StoredContentRepository(db).RecordAsync(
                StoredContent.RecordFile(legacy, "test.txt", UploadOptions.None, 5, 1, null, ListingSeed.Now), ContentOwnership.Grant(legacy, _alice.Id, ListingSeed.Now), CancellationToken.None);
        }

        await ListingSeed.AddObjectAsync(_database, _alice.Id, "rows", "legacy", new ObjectContent(legacy, 5, null));
        await ListingSeed.AddObjectAsync(_database, _alice.Id, "rows", "multipart", new ObjectContent(ListingSeed.Content, 13, ListingSeed.Md5, 3));

        var rows = await ListAsync(new ListingPageQuery(_alice.Id, "rows", "", null, null, 10));

        Assert.That(rows.Select(r => (r.Key, r.Size, r.Md5, r.PartCount, r.Cid)), Is.EqualTo(new[]
        {
            ("legacy", 5L, (byte[]?)null, (int?)null, legacy.Value),
            ("multipart", 13L, ListingSeed.Md5.ToArray(), 3, ListingSeed.Content.Value),
        }));
        Assert.That(rows.Select(r => r.UpdatedAt), Is.All.EqualTo(ListingSeed.Now));
    }

    [Test]
    public async Task ListAsync_DelimiterPageOverABigCommonPrefix_ReadsRowsOfThePageOnly()
    {
        await using var db = _database.CreateContext();
        var query = new ObjectListingQuery(db);
        await using var counter = await RowsReadCounter.StartAsync(db);

        var first = await query.ListAsync(new ListingPageQuery(_alice.Id, "big", "", "/", null, 4), CancellationToken.None);
        var firstRead = await counter.TakeAsync();
        var second = await query.ListAsync(
            new ListingPageQuery(_alice.Id, "big", "", "/", new ListingStart("big/", ListingBoundKind.PastPrefix), 4), CancellationToken.None);
        var secondRead = await counter.TakeAsync();
        var everything = await query.ListAsync(new ListingPageQuery(_alice.Id, "big", "", null, null, 10_000), CancellationToken.None);
        var everythingRead = await counter.TakeAsync();

        Assert.That(first.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "a/", "b", "big/", "c/" }));
        Assert.That(second.Select(r => r.CommonPrefix ?? r.Key), Is.EqualTo(new[] { "c/", "m00", "m01", "m02" }));
        // One probe per entry reads one index entry (a few more at most); the 5,000 keys under big/ are never read.
        Assert.That(firstRead, Is.LessThanOrEqualTo(2 * 4), "rows read by the first page");
        Assert.That(secondRead, Is.LessThanOrEqualTo(2 * 4), "rows read by the page after big/");
        Assert.That(everythingRead, Is.GreaterThanOrEqualTo(everything.Count), "control: the counter sees every row a full listing reads");
        Assert.That(everything, Has.Count.GreaterThan(BigPrefixKeys));
    }

    [TestCase(null)]
    [TestCase("/")]
    public async Task ListAsync_PageInTheMiddleOfABigPrefix_ReadsRowsOfThePageOnly(string? delimiter)
    {
        await using var db = _database.CreateContext();
        var query = new ObjectListingQuery(db);
        await using var counter = await RowsReadCounter.StartAsync(db);

        var rows = await query.ListAsync(
            new ListingPageQuery(_alice.Id, "big", "big/", delimiter, new ListingStart("big/02500", ListingBoundKind.After), 100), CancellationToken.None);
        var read = await counter.TakeAsync();

        Assert.That(rows.Select(r => r.Key), Is.EqualTo(Enumerable.Range(2501, 100).Select(i => $"big/{i:D5}")));
        Assert.That(read, Is.LessThanOrEqualTo(100 + 2));
    }

    private async Task<IReadOnlyList<ListingRow>> ListAsync(ListingPageQuery query)
    {
        await using var db = _database.CreateContext();
        return await new ObjectListingQuery(db).ListAsync(query, CancellationToken.None);
    }
}
