using AutoDrive.Application.Listing;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Listing;
using AutoDrive.Infrastructure.Persistence.Repositories;

namespace AutoDrive.Tests.Infrastructure.Persistence.Listing;

/// <summary>Bucket listings and the bucket check against a real PostgreSQL.</summary>
public class BucketListingQueryTests
{
    private MigratedDatabase _database = null!;
    private User _alice = null!;
    private User _bob = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        _alice = await ListingSeed.AddUserAsync(_database, "alice");
        _bob = await ListingSeed.AddUserAsync(_database, "bob");
        await using var db = _database.CreateContext();
        var repository = new BucketRepository(db, new KnownBuckets());
        foreach (var (name, hours) in new[] { ("photos", 3), ("B1", 1), ("b1", 2), ("photos-2026", 0), ("a.b_c-d", 5) })
        {
            await repository.EnsureExistsAsync(Bucket.Create(_alice.Id, BucketName.Parse(name), ListingSeed.Now.AddHours(hours)), CancellationToken.None);
        }

        await repository.EnsureExistsAsync(Bucket.Create(_bob.Id, BucketName.Parse("bobs"), ListingSeed.Now), CancellationToken.None);
    }

    [Test]
    public async Task ListAsync_ReturnsTheOwnersBucketsInByteOrder()
    {
        var buckets = await ListAsync(new BucketPageQuery(_alice.Id, "", null, 10_001));

        Assert.That(buckets.Select(b => b.Name), Is.EqualTo(new[] { "B1", "a.b_c-d", "b1", "photos", "photos-2026" }));
        Assert.That(buckets.Single(b => b.Name == "photos").CreationDate, Is.EqualTo(ListingSeed.Now.AddHours(3)));
    }

    [Test]
    public async Task ListAsync_PrefixAfterAndLimit_SelectOnePage()
    {
        var buckets = await ListAsync(new BucketPageQuery(_alice.Id, "photos", "photos", 5));
        var first = await ListAsync(new BucketPageQuery(_alice.Id, "", null, 2));

        Assert.That(buckets.Select(b => b.Name), Is.EqualTo(new[] { "photos-2026" }));
        Assert.That(first.Select(b => b.Name), Is.EqualTo(new[] { "B1", "a.b_c-d" }));
    }

    [Test]
    public async Task ExistsAsync_IsTrueOnlyForTheOwner()
    {
        await using var db = _database.CreateContext();
        var query = new BucketListingQuery(db);

        Assert.That(await query.ExistsAsync(_alice.Id, "photos", CancellationToken.None), Is.True);
        Assert.That(await query.ExistsAsync(_bob.Id, "photos", CancellationToken.None), Is.False);
        Assert.That(await query.ExistsAsync(_alice.Id, "Photos", CancellationToken.None), Is.False);
        Assert.That(await query.ExistsAsync(_bob.Id, "bobs", CancellationToken.None), Is.True);
    }

    private async Task<IReadOnlyList<BucketSummary>> ListAsync(BucketPageQuery query)
    {
        await using var db = _database.CreateContext();
        return await new BucketListingQuery(db).ListAsync(query, CancellationToken.None);
    }
}
