using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence;
using AutoDrive.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Tests.Infrastructure.Persistence;

/// <summary>
/// The unit of work's lost races against a real PostgreSQL, forced: a second writer changes the row inside the work
/// (between its read and its write), or holds the row while the work's update waits for it. A lost race is run again on
/// fresh state; when every attempt loses, the answer is SlowDown (503), never an unhandled concurrency error (500).
/// </summary>
public class UnitOfWorkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cid First = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly Cid Second = Cid.Parse("bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai");

    private MigratedDatabase _database = null!;
    private User _alice = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _alice = User.Register("alice", Now);
        db.Users.Add(_alice);
        await db.SaveChangesAsync();
        foreach (var cid in new[] { First, Second })
        {
            await new StoredContentRepository(db).RecordAsync(
                StoredContent.RecordFile(cid, "f", UploadOptions.None, 1, 1, null, Now), ContentOwnership.Grant(cid, _alice.Id, Now), CancellationToken.None);
        }
    }

    [Test]
    public async Task Execute_WhenARaceIsLostOnce_RunsAgainOnFreshState_AndTheLastWriterWins()
    {
        var key = await AddMappingAsync(First);
        var attempts = 0;
        await using var db = _database.CreateContext();

        await new UnitOfWork(db).ExecuteAsync(
            async ct =>
            {
                var mapping = await new ObjectMappingRepository(db).FindAsync(_alice.Id, key.Bucket, key.Key, ct);
                if (++attempts == 1)
                {
                    await InterloperRepointsAsync(key, First);
                }

                mapping!.PointTo(new ObjectContent(Second, 1, null), ContentHeaders.None, UserMetadata.Empty, null, Now);
                return true;
            },
            CancellationToken.None);

        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(await CidOfAsync(key), Is.EqualTo(Second.Value));
    }

    [Test]
    public async Task Execute_WhenEveryAttemptLosesTheRace_IsSlowDown_AfterTheLastAttempt()
    {
        var key = await AddMappingAsync(First);
        var attempts = 0;
        await using var db = _database.CreateContext();

        var error = await Assert.ThrowsAsync<DomainException>(() => new UnitOfWork(db).ExecuteAsync(
            async ct =>
            {
                attempts++;
                var mapping = await new ObjectMappingRepository(db).FindAsync(_alice.Id, key.Bucket, key.Key, ct);
                await InterloperRepointsAsync(key, First);
                mapping!.PointTo(new ObjectContent(Second, 1, null), ContentHeaders.None, UserMetadata.Empty, null, Now);
                return true;
            },
            CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.SlowDown));
        Assert.That(error.InnerException, Is.InstanceOf<DbUpdateConcurrencyException>());
        Assert.That(attempts, Is.EqualTo(UnitOfWork.MaxAttempts));
        Assert.That(await CidOfAsync(key), Is.EqualTo(First.Value), "nothing of the refused write is kept");
    }

    [Test]
    public async Task Execute_TwoPutsOfOneKey_TheOneThatWaitedForTheOtherRunsAgain_AndWins()
    {
        // Two PUTs of one key: the test's transaction is the first, holding the row; the unit of work's update waits for
        // it, loses on the row version once the first commits, and runs again on the new state.
        var key = await AddMappingAsync(First);
        await using var first = _database.CreateContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        var holder = await LockWaits.OpenAndGetBackendPidAsync(first);
        await first.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE object_mappings SET cid = {First.Value} WHERE owner_id = {_alice.Id} AND bucket_name = {key.Bucket.Value} AND key = {key.Key.Value}");

        var attempts = 0;
        await using var second = _database.CreateContext();
        var put = Task.Run(() => new UnitOfWork(second).ExecuteAsync(
            async ct =>
            {
                attempts++;
                var mapping = await new ObjectMappingRepository(second).FindAsync(_alice.Id, key.Bucket, key.Key, ct);
                mapping!.PointTo(new ObjectContent(Second, 1, null), ContentHeaders.None, UserMetadata.Empty, null, Now);
                return true;
            },
            CancellationToken.None));
        await LockWaits.WaitUntilSomeoneWaitsOnAsync(_database.ConnectionString, holder, put);
        await firstTransaction.CommitAsync();
        await put;

        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(await CidOfAsync(key), Is.EqualTo(Second.Value));
    }

    [Test]
    public void PauseAfter_IsJitteredBelowADoublingCeiling()
    {
        for (var attempt = 1; attempt < UnitOfWork.MaxAttempts; attempt++)
        {
            var ceiling = Math.Min(250, 2 * Math.Pow(2, attempt - 1));
            var pauses = Enumerable.Range(0, 50).Select(_ => UnitOfWork.PauseAfter(attempt).TotalMilliseconds).ToList();
            Assert.That(pauses, Is.All.InRange(0, ceiling));
            Assert.That(pauses.Distinct().Count(), Is.GreaterThan(1), "random, so that losers do not collide again in step");
        }
    }

    private async Task<(BucketName Bucket, ObjectKey Key)> AddMappingAsync(Cid cid)
    {
        var bucket = BucketName.Parse("uow-" + Guid.NewGuid().ToString("N")[..8]);
        var key = ObjectKey.Parse("contended");
        await using var db = _database.CreateContext();
        await new BucketRepository(db, new KnownBuckets()).EnsureExistsAsync(Bucket.Create(_alice.Id, bucket, Now), CancellationToken.None);
        new ObjectMappingRepository(db).Add(ObjectMapping.Create(_alice.Id, bucket, key, new ObjectContent(cid, 1, null), ContentHeaders.None, UserMetadata.Empty, null, Now));
        await db.SaveChangesAsync();
        return (bucket, key);
    }

    /// <summary>Another writer re-points the key on its own connection and commits: the row version changes.</summary>
    private async Task InterloperRepointsAsync((BucketName Bucket, ObjectKey Key) key, Cid cid)
    {
        await using var other = _database.CreateContext();
        await other.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE object_mappings SET cid = {cid.Value} WHERE owner_id = {_alice.Id} AND bucket_name = {key.Bucket.Value} AND key = {key.Key.Value}");
    }

    private async Task<string> CidOfAsync((BucketName Bucket, ObjectKey Key) key)
    {
        await using var db = _database.CreateContext();
        return await db.ObjectMappings.Where(m => m.BucketName == key.Bucket.Value && m.Key == key.Key.Value).Select(m => m.Cid).SingleAsync();
    }
}
