using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Tests.Infrastructure.Persistence;

/// <summary>Repositories and the unit of work against a real PostgreSQL with the committed migrations.</summary>
public class PersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cid HelloCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly Cid OtherCid = Cid.Parse("bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai");

    private MigratedDatabase _database = null!;
    private User _alice = null!;
    private User _bob = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _alice = User.Register("alice", Now);
        _alice.IssueApiKey(ApiKeyHash.Compute("alice-key"), "k", Now);
        _bob = User.Register("bob", Now);
        db.Users.AddRange(_alice, _bob);
        await db.SaveChangesAsync();
        await new StoredContentRepository(db).RecordAsync(StoredContent.RecordFile(HelloCid, "test.txt", UploadOptions.None, 13, 1, null, Now), ContentOwnership.Grant(HelloCid, _alice.Id, Now), CancellationToken.None);
        await new StoredContentRepository(db).RecordAsync(StoredContent.RecordFile(OtherCid, "test.txt", UploadOptions.None, 5, 1, null, Now), ContentOwnership.Grant(OtherCid, _alice.Id, Now), CancellationToken.None);
    }

    [Test]
    public async Task Migrations_MatchTheModel()
    {
        await using var db = _database.CreateContext();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run dotnet ef migrations add");
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
    }

    [Test]
    public async Task FindByApiKeyHash_FindsTheOwnerWithItsKeys()
    {
        await using var db = _database.CreateContext();

        var user = await new UserRepository(db).FindByApiKeyHashAsync(ApiKeyHash.Compute("alice-key"), CancellationToken.None);
        var nobody = await new UserRepository(db).FindByApiKeyHashAsync(ApiKeyHash.Compute("alice-key "), CancellationToken.None);

        Assert.That(user?.Id, Is.EqualTo(_alice.Id));
        Assert.That(user!.ApiKeys, Has.Count.EqualTo(1));
        Assert.That(nobody, Is.Null);
    }

    [Test]
    public async Task ApiKeys_AreStoredAsHashesOnly()
    {
        await using var db = _database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from api_keys where position(convert_to('alice-key', 'UTF8') in hash) > 0";

        Assert.That(await command.ExecuteScalarAsync(), Is.Zero);
    }

    [Test]
    public async Task ObjectMapping_RoundTripsEverythingItStores()
    {
        var bucket = BucketName.Parse("rt-" + Guid.NewGuid().ToString("N")[..8]);
        var md5 = Md5Digest.FromBytes(Convert.FromHexString("6cd3556deb0da54bca060b4c39479839"));
        await using (var db = _database.CreateContext())
        {
            var mapping = ObjectMapping.Create(_alice.Id, bucket, ObjectKey.Parse("dir/ü x+%.txt"), new ObjectContent(HelloCid, 13, md5),
                new ContentHeaders("text/plain", "gzip", "inline", "en", "no-cache", "Thu, 01 Dec 2026 16:00:00 GMT"),
                UserMetadata.From([KeyValuePair.Create("color", "blue"), KeyValuePair.Create("empty", "")]),
                new ObjectChecksum(ChecksumAlgorithm.Crc32C, "yZRlqg=="), Now);
            new ObjectMappingRepository(db).Add(mapping);
            await db.SaveChangesAsync();
        }

        await using var reader = _database.CreateContext();
        var found = await new ObjectMappingRepository(reader).FindAsync(_alice.Id, bucket, ObjectKey.Parse("dir/ü x+%.txt"), CancellationToken.None);

        Assert.That(found, Is.Not.Null);
        Assert.That(found!.ETag, Is.EqualTo("6cd3556deb0da54bca060b4c39479839"));
        Assert.That(found.Headers, Is.EqualTo(new ContentHeaders("text/plain", "gzip", "inline", "en", "no-cache", "Thu, 01 Dec 2026 16:00:00 GMT")));
        Assert.That(found.Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["color"] = "blue", ["empty"] = "" }));
        Assert.That(found.Checksum, Is.EqualTo(new ObjectChecksum(ChecksumAlgorithm.Crc32C, "yZRlqg==")));
        Assert.That(found.UpdatedAt, Is.EqualTo(Now));
    }

    [Test]
    public async Task ObjectMapping_KeysAreExactAndCaseSensitive_AndPrivateToTheirOwner()
    {
        var bucket = BucketName.Parse("cs-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var db = _database.CreateContext())
        {
            var repository = new ObjectMappingRepository(db);
            repository.Add(Mapping(_alice.Id, bucket, "Key", HelloCid));
            repository.Add(Mapping(_alice.Id, bucket, "key", OtherCid));
            await db.SaveChangesAsync();
        }

        await using var reader = _database.CreateContext();
        var repositoryForReads = new ObjectMappingRepository(reader);

        Assert.That((await repositoryForReads.FindAsync(_alice.Id, bucket, ObjectKey.Parse("Key"), CancellationToken.None))?.Cid, Is.EqualTo(HelloCid.Value));
        Assert.That((await repositoryForReads.FindAsync(_alice.Id, bucket, ObjectKey.Parse("key"), CancellationToken.None))?.Cid, Is.EqualTo(OtherCid.Value));
        Assert.That(await repositoryForReads.FindAsync(_alice.Id, bucket, ObjectKey.Parse("key "), CancellationToken.None), Is.Null);
        Assert.That(await repositoryForReads.FindAsync(_bob.Id, bucket, ObjectKey.Parse("Key"), CancellationToken.None), Is.Null);
        Assert.That((await repositoryForReads.FindForReadAsync(_alice.Id, bucket, ObjectKey.Parse("key"), CancellationToken.None))?.Cid, Is.EqualTo(OtherCid.Value));
        Assert.That(await repositoryForReads.FindForReadAsync(_alice.Id, bucket, ObjectKey.Parse("key "), CancellationToken.None), Is.Null);
        Assert.That(await repositoryForReads.FindForReadAsync(_bob.Id, bucket, ObjectKey.Parse("Key"), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task FindForRead_WithContextsOfTwoModels_ServesBoth_AndTracksNothing()
    {
        // The tests' contexts and a gateway's (its own options, so its own model) use one compiled query each.
        await using var server = await AutoDriveServer.StartAsync(CancellationToken.None);
        var bucket = BucketName.Parse("md-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var db = _database.CreateContext())
        {
            new ObjectMappingRepository(db).Add(Mapping(_alice.Id, bucket, "k", HelloCid));
            await db.SaveChangesAsync();
        }

        await using var reader = _database.CreateContext();
        using var scope = server.Services.CreateScope();
        var gatewayContext = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();

        var found = await new ObjectMappingRepository(reader).FindForReadAsync(_alice.Id, bucket, ObjectKey.Parse("k"), CancellationToken.None);
        var onTheGatewaysModel = await new ObjectMappingRepository(gatewayContext).FindForReadAsync(_alice.Id, bucket, ObjectKey.Parse("k"), CancellationToken.None);
        var again = await new ObjectMappingRepository(reader).FindForReadAsync(_alice.Id, bucket, ObjectKey.Parse("k"), CancellationToken.None);

        Assert.That(gatewayContext.Model, Is.Not.SameAs(reader.Model), "two models, or this test proves nothing");
        Assert.That(found?.Cid, Is.EqualTo(HelloCid.Value));
        Assert.That(onTheGatewaysModel, Is.Null, "the gateway has a database of its own");
        Assert.That(again?.Cid, Is.EqualTo(HelloCid.Value));
        Assert.That(reader.ChangeTracker.Entries(), Is.Empty);
    }

    [Test]
    public async Task ObjectMapping_ASecondRowForTheSameKey_IsRefusedByTheDatabase()
    {
        var bucket = BucketName.Parse("uq-" + Guid.NewGuid().ToString("N")[..8]);
        await using var db = _database.CreateContext();
        var repository = new ObjectMappingRepository(db);
        repository.Add(Mapping(_alice.Id, bucket, "same", HelloCid));
        repository.Add(Mapping(_alice.Id, bucket, "same", OtherCid));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Test]
    public async Task EnsureBucketExists_IsIdempotentAndKeepsTheFirstCreationTime()
    {
        var name = BucketName.Parse("bk-" + Guid.NewGuid().ToString("N")[..8]);
        await using var db = _database.CreateContext();
        var repository = new BucketRepository(db, new KnownBuckets());

        await repository.EnsureExistsAsync(Bucket.Create(_alice.Id, name, Now), CancellationToken.None);
        await repository.EnsureExistsAsync(Bucket.Create(_alice.Id, name, Now.AddHours(1)), CancellationToken.None);

        Assert.That((await repository.FindAsync(_alice.Id, name, CancellationToken.None))?.CreatedAt, Is.EqualTo(Now));
        Assert.That(await repository.FindAsync(_bob.Id, name, CancellationToken.None), Is.Null);
        Assert.That(await db.Buckets.CountAsync(b => b.Name == name.Value), Is.EqualTo(1));
    }

    [Test]
    public async Task EnsureBucketExists_RemembersOnlyBucketsFoundCommitted_NotOneItsOwnRolledBackTransactionInserted()
    {
        var name = BucketName.Parse("bk-" + Guid.NewGuid().ToString("N")[..8]);
        var known = new KnownBuckets();
        await using (var rolledBack = _database.CreateContext())
        {
            await using var transaction = await rolledBack.Database.BeginTransactionAsync();
            await new BucketRepository(rolledBack, known).EnsureExistsAsync(Bucket.Create(_alice.Id, name, Now), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        var knownAfterRollback = known.Contains(_alice.Id, name.Value);
        await using var db = _database.CreateContext();
        await new BucketRepository(db, known).EnsureExistsAsync(Bucket.Create(_alice.Id, name, Now), CancellationToken.None);
        var knownAfterOwnInsert = known.Contains(_alice.Id, name.Value);
        await new BucketRepository(db, known).EnsureExistsAsync(Bucket.Create(_alice.Id, name, Now), CancellationToken.None);

        Assert.That(knownAfterRollback, Is.False);
        Assert.That(knownAfterOwnInsert, Is.False, "its own insert may still roll back");
        Assert.That(known.Contains(_alice.Id, name.Value), Is.True, "found committed by the second call");
        Assert.That(await db.Buckets.CountAsync(b => b.Name == name.Value), Is.EqualTo(1));
    }

    [Test]
    public async Task RecordStoredContent_KeepsOneContentWithEveryOwner()
    {
        var cid = Cid.Parse("bafkr6igpomk3x2fxfu7kt56ocoww722cw2xwfbronza626y4fcom4u3qse");
        await using var db = _database.CreateContext();
        var repository = new StoredContentRepository(db);

        await repository.RecordAsync(StoredContent.RecordFile(cid, "test.txt", UploadOptions.None, 0, 1, null, Now), ContentOwnership.Grant(cid, _alice.Id, Now), CancellationToken.None);
        await repository.RecordAsync(StoredContent.RecordFile(cid, "test.txt", UploadOptions.None, 0, 1, null, Now), ContentOwnership.Grant(cid, _bob.Id, Now), CancellationToken.None);
        await repository.RecordAsync(StoredContent.RecordFile(cid, "test.txt", UploadOptions.None, 0, 1, null, Now), ContentOwnership.Grant(cid, _bob.Id, Now), CancellationToken.None);

        Assert.That(await db.StoredContents.CountAsync(c => c.Cid == cid.Value), Is.EqualTo(1));
        Assert.That(await db.ContentOwnerships.Where(o => o.Cid == cid.Value).Select(o => o.UserId).ToListAsync(),
            Is.EquivalentTo(new[] { _alice.Id, _bob.Id }));
    }

    [Test]
    public async Task UnitOfWork_ConcurrentFirstWritesOfOneKey_AllSucceedAndOneWins()
    {
        var bucket = BucketName.Parse("race-" + Guid.NewGuid().ToString("N")[..8]);
        var key = ObjectKey.Parse("contended");
        var cids = new[] { HelloCid, OtherCid, HelloCid, OtherCid, HelloCid, OtherCid };

        await Task.WhenAll(cids.Select(cid => Task.Run(async () =>
        {
            await using var db = _database.CreateContext();
            var mappings = new ObjectMappingRepository(db);
            await new UnitOfWork(db).ExecuteAsync(
                async ct =>
                {
                    await new BucketRepository(db, new KnownBuckets()).EnsureExistsAsync(Bucket.Create(_alice.Id, bucket, Now), ct);
                    var existing = await mappings.FindAsync(_alice.Id, bucket, key, ct);
                    if (existing is null)
                    {
                        mappings.Add(Mapping(_alice.Id, bucket, key.Value, cid));
                    }
                    else
                    {
                        existing.PointTo(new ObjectContent(cid, 1, null), ContentHeaders.None, UserMetadata.Empty, null, Now);
                    }

                    return true;
                },
                CancellationToken.None);
        })));

        await using var reader = _database.CreateContext();
        Assert.That(await reader.ObjectMappings.CountAsync(m => m.BucketName == bucket.Value), Is.EqualTo(1));
    }

    private static ObjectMapping Mapping(Guid owner, BucketName bucket, string key, Cid cid) =>
        ObjectMapping.Create(owner, bucket, ObjectKey.Parse(key), new ObjectContent(cid, 1, null), ContentHeaders.None, UserMetadata.Empty, null, Now);
}
