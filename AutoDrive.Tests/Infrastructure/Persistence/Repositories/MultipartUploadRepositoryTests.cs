using System.Security.Cryptography;
using AutoDrive.Application.Listing;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.Infrastructure.Persistence.Listing;
using Microsoft.EntityFrameworkCore;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Repositories;

/// <summary>
/// Multipart uploads and their parts against a real PostgreSQL: a part is its own row (parallel parts never wait for one
/// another, a re-upload replaces), and the races of a part with a Complete or Abort, forced with row locks the test holds.
/// </summary>
public class MultipartUploadRepositoryTests
{
    private MigratedDatabase _database = null!;
    private User _owner = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        _owner = await AddUserAsync(_database, "alice");
    }

    [Test]
    public async Task RecordPart_Again_ReplacesThePart_LastWriteWins()
    {
        var upload = await AddUploadAsync("k");

        Assert.That(await RecordAsync(upload, 1, "1-a", seed: 1), Is.True);
        Assert.That(await RecordAsync(upload, 1, "1-b", seed: 2), Is.True);

        var parts = await ListPartsAsync(upload);
        Assert.That(parts.Select(p => (p.Number, p.StagedName)), Is.EqualTo(new[] { (1, "1-b") }));
        Assert.That(parts[0].ETag, Is.EqualTo(Md5Of(2).ToHex()));
    }

    [Test]
    public async Task RecordPart_DoesNotWaitForAnotherPartInFlight_AndLeavesTheUploadRowAsItIs()
    {
        var upload = await AddUploadAsync("k");
        var rowVersion = await RowVersionAsync(upload);

        // Part 1 in flight: recorded in a transaction that stays open (its shared lock on the upload row held).
        await using var first = _database.CreateContext();
        await using var transaction = await first.Database.BeginTransactionAsync();
        Assert.That(await new MultipartUploadRepository(first).RecordPartAsync(Part(upload, 1, "1-a"), CancellationToken.None), Is.True);

        // Part 2 completes while part 1's transaction is still open: shared locks do not block each other.
        Assert.That(await RecordAsync(upload, 2, "2-a"), Is.True);
        await transaction.CommitAsync();

        Assert.That((await ListPartsAsync(upload)).Select(p => p.Number), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(await RowVersionAsync(upload), Is.EqualTo(rowVersion), "a part never updates the upload row");
    }

    [Test]
    public async Task RecordPart_RacingAComplete_WaitsForIt_AndIsRefusedOnceTheUploadIsCompleting()
    {
        var upload = await AddUploadAsync("k");
        await using var completing = _database.CreateContext();
        await using var transaction = await completing.Database.BeginTransactionAsync();
        var holder = await LockWaits.OpenAndGetBackendPidAsync(completing);
        var locked = await new MultipartUploadRepository(completing).FindLockedAsync(UploadId.Parse(upload.Id), CancellationToken.None);

        var part = RecordAsync(upload, 1, "1-late");
        await LockWaits.WaitUntilSomeoneWaitsOnAsync(_database.ConnectionString, holder, part);
        locked!.BeginCompletion([new CompletedPart(1, Md5Of(1).ToHex())], [locked.RecordPart(PartNumber.From(1), 1, Md5Of(1), null, "1-a", Now)], Now);
        await completing.SaveChangesAsync();
        await transaction.CommitAsync();

        Assert.That(await part, Is.False);
        Assert.That(await ListPartsAsync(upload), Is.Empty);
    }

    [Test]
    public async Task RecordPart_RacingALockThatEndsWithTheUploadActive_IsRecorded()
    {
        var upload = await AddUploadAsync("k");
        await using var other = _database.CreateContext();
        await using var transaction = await other.Database.BeginTransactionAsync();
        var holder = await LockWaits.OpenAndGetBackendPidAsync(other);
        await new MultipartUploadRepository(other).FindLockedAsync(UploadId.Parse(upload.Id), CancellationToken.None);

        var part = RecordAsync(upload, 1, "1-a");
        await LockWaits.WaitUntilSomeoneWaitsOnAsync(_database.ConnectionString, holder, part);
        await transaction.RollbackAsync();

        Assert.That(await part, Is.True);
    }

    [Test]
    public async Task FindLocked_WaitsForAPartInFlight_AndThenSeesIt()
    {
        var upload = await AddUploadAsync("k");
        await using var inFlight = _database.CreateContext();
        await using var partTransaction = await inFlight.Database.BeginTransactionAsync();
        var holder = await LockWaits.OpenAndGetBackendPidAsync(inFlight);
        await new MultipartUploadRepository(inFlight).RecordPartAsync(Part(upload, 1, "1-a"), CancellationToken.None);

        await using var completing = _database.CreateContext();
        await using var completion = await completing.Database.BeginTransactionAsync();
        var repository = new MultipartUploadRepository(completing);
        var read = Task.Run(async () =>
        {
            await repository.FindLockedAsync(UploadId.Parse(upload.Id), CancellationToken.None);
            return await repository.ListPartsAsync(UploadId.Parse(upload.Id), CancellationToken.None);
        });
        await LockWaits.WaitUntilSomeoneWaitsOnAsync(_database.ConnectionString, holder, read);
        await partTransaction.CommitAsync();

        Assert.That((await read).Select(p => p.StagedName), Is.EqualTo(new[] { "1-a" }));
    }

    [Test]
    public async Task RecordPart_OfAnAbortedOrUnknownUpload_IsRefused()
    {
        var upload = await AddUploadAsync("k");
        await using (var db = _database.CreateContext())
        {
            var tracked = await new MultipartUploadRepository(db).FindAsync(UploadId.Parse(upload.Id), CancellationToken.None);
            tracked!.Abort(Now);
            await db.SaveChangesAsync();
        }

        var unknown = MultipartUpload.Initiate(UploadId.New(), _owner.Id, BucketName.Parse("b1"), ObjectKey.Parse("k"), ContentHeaders.None, UserMetadata.Empty, null, Now);
        Assert.That(await RecordAsync(upload, 1, "1-a"), Is.False);
        Assert.That(await RecordAsync(unknown, 1, "1-a"), Is.False);
    }

    [Test]
    public async Task ListPartsAfter_ReadsOnlyThePage()
    {
        var upload = await AddUploadAsync("k");
        for (var n = 1; n <= 50; n++)
        {
            await RecordAsync(upload, n, $"{n}-a");
        }

        await using var db = _database.CreateContext();
        await using var counter = await RowsReadCounter.StartAsync(db, "upload_parts");
        var page = await new MultipartUploadRepository(db).ListPartsAfterAsync(UploadId.Parse(upload.Id), 20, 6, CancellationToken.None);

        Assert.That(page.Select(p => p.Number), Is.EqualTo(new[] { 21, 22, 23, 24, 25, 26 }));
        Assert.That(await counter.TakeAsync(), Is.LessThanOrEqualTo(7), "the page, and at most one index entry past it");
    }

    [Test]
    public async Task FindFirstPartSize_IsTheLowestOtherPart()
    {
        var upload = await AddUploadAsync("k");
        await RecordAsync(upload, 2, "2-a", size: 20);
        await RecordAsync(upload, 3, "3-a", size: 30);
        await using var db = _database.CreateContext();
        var repository = new MultipartUploadRepository(db);

        Assert.That(await repository.FindFirstPartSizeAsync(UploadId.Parse(upload.Id), 2, CancellationToken.None), Is.EqualTo(30));
        Assert.That(await repository.FindFirstPartSizeAsync(UploadId.Parse(upload.Id), 5, CancellationToken.None), Is.EqualTo(20));
    }

    [Test]
    public async Task ListInProgress_FoldsByTheDelimiter_ReadingOneRowPerCommonPrefix_AndNoFinishedUpload()
    {
        const int Many = 3000;
        var bucket = $"walk-{Guid.NewGuid():N}"[..20];
        var a = await AddUploadAsync("a.bin", bucket);
        var z = await AddUploadAsync("z.bin", bucket);
        await using (var seed = _database.CreateContext())
        {
            // A big common prefix of uploads in progress, and as many finished uploads (kept for a repeated Complete)
            // between a.bin and z.bin: neither may cost more than a row.
            await seed.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO multipart_uploads (id, owner_id, bucket_name, key, state, initiated_at, updated_at, metadata)
                SELECT lpad(i::text, 43, '0'), {_owner.Id}, {bucket}, 'dir/' || lpad(i::text, 5, '0'), 'Active', {Now}, {Now}, jsonb_build_object()
                FROM generate_series(1, {Many}) i
                UNION ALL
                SELECT lpad(i::text, 43, 'f'), {_owner.Id}, {bucket}, 'done' || lpad(i::text, 5, '0'), 'Completed', {Now}, {Now}, jsonb_build_object()
                FROM generate_series(1, {Many}) i
                """);
            await seed.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) multipart_uploads");
        }

        await using var db = _database.CreateContext();
        var repository = new MultipartUploadRepository(db);
        await using var counter = await RowsReadCounter.StartAsync(db, "multipart_uploads");

        var rows = await repository.ListInProgressAsync(_owner.Id, bucket, "", "/", null, 10, CancellationToken.None);
        var read = await counter.TakeAsync();
        var everything = await repository.ListInProgressAsync(_owner.Id, bucket, "", null, null, 10_000, CancellationToken.None);
        var everythingRead = await counter.TakeAsync();

        Assert.That(rows.Select(r => (r.Key, r.CommonPrefix)), Is.EqualTo(new[] { ("a.bin", (string?)null), ("dir/00001", "dir/"), ("z.bin", null) }));
        Assert.That(rows[0].UploadId, Is.EqualTo(a.Id));
        Assert.That(rows[2].UploadId, Is.EqualTo(z.Id));
        Assert.That(read, Is.LessThanOrEqualTo(2 * 3), "one probe per entry: the common prefix of 3,000 uploads and the finished uploads are not read");
        Assert.That(everything, Has.Count.EqualTo(Many + 2));
        Assert.That(everythingRead, Is.GreaterThanOrEqualTo(everything.Count), "control: the counter sees every row a full listing reads");
    }

    [Test]
    public async Task ListInProgress_PagesByKeyAndUploadId_AndSkipsFinishedUploads()
    {
        var bucket = $"page-{Guid.NewGuid():N}"[..20];
        var uploads = new List<MultipartUpload>();
        for (var i = 0; i < 3; i++)
        {
            uploads.Add(await AddUploadAsync("same", bucket));
        }

        var aborted = await AddUploadAsync("after", bucket);
        await using (var db = _database.CreateContext())
        {
            (await new MultipartUploadRepository(db).FindAsync(UploadId.Parse(aborted.Id), CancellationToken.None))!.Abort(Now);
            await db.SaveChangesAsync();
        }

        var ids = uploads.Select(u => u.Id).Order(StringComparer.Ordinal).ToList();
        await using var read = _database.CreateContext();
        var repository = new MultipartUploadRepository(read);

        var all = await repository.ListInProgressAsync(_owner.Id, bucket, "", null, null, 10, CancellationToken.None);
        var afterFirst = await repository.ListInProgressAsync(
            _owner.Id, bucket, "", null, new UploadListingStart(new ListingStart("same", ListingBoundKind.After), ids[0]), 10, CancellationToken.None);
        var afterKey = await repository.ListInProgressAsync(
            _owner.Id, bucket, "", null, new UploadListingStart(new ListingStart("same", ListingBoundKind.After), null), 10, CancellationToken.None);

        Assert.That(all.Select(r => r.UploadId), Is.EqualTo(ids));
        Assert.That(afterFirst.Select(r => r.UploadId), Is.EqualTo(ids.Skip(1)));
        Assert.That(afterKey, Is.Empty);
    }

    [Test]
    public async Task FindIdle_CountsARecentPartAsActivity()
    {
        var idle = await AddUploadAsync("idle");
        var busy = await AddUploadAsync("busy");
        await RecordAsync(busy, 1, "1-a", at: Now.AddDays(3));
        await using var db = _database.CreateContext();
        var repository = new MultipartUploadRepository(db);

        var found = await repository.FindIdleAsync(Now.AddDays(2), 10_000, CancellationToken.None);

        Assert.That(found.Select(i => i.Value), Does.Contain(idle.Id));
        Assert.That(found.Select(i => i.Value), Does.Not.Contain(busy.Id));
        Assert.That(await repository.FindLastPartAtAsync(UploadId.Parse(busy.Id), CancellationToken.None), Is.EqualTo(Now.AddDays(3)));
        Assert.That(await repository.FindLastPartAtAsync(UploadId.Parse(idle.Id), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task FindLocked_OutsideAUnitOfWork_IsAProgrammingError()
    {
        await using var db = _database.CreateContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new MultipartUploadRepository(db).FindLockedAsync(UploadId.New(), CancellationToken.None));
    }

    private async Task<MultipartUpload> AddUploadAsync(string key, string bucket = "b1")
    {
        var upload = MultipartUpload.Initiate(
            UploadId.New(), _owner.Id, BucketName.Parse(bucket), ObjectKey.Parse(key), ContentHeaders.None, UserMetadata.Empty, null, Now);
        await using var db = _database.CreateContext();
        new MultipartUploadRepository(db).Add(upload);
        await db.SaveChangesAsync();
        return upload;
    }

    private async Task<bool> RecordAsync(MultipartUpload upload, int number, string stagedName, int seed = 0, long size = 1, DateTimeOffset? at = null)
    {
        await using var db = _database.CreateContext();
        return await new MultipartUploadRepository(db).RecordPartAsync(Part(upload, number, stagedName, seed, size, at), CancellationToken.None);
    }

    private static UploadPart Part(MultipartUpload upload, int number, string stagedName, int seed = 0, long size = 1, DateTimeOffset? at = null) =>
        upload.RecordPart(PartNumber.From(number), size, Md5Of(seed == 0 ? number : seed), null, stagedName, at ?? Now);

    private async Task<IReadOnlyList<UploadPart>> ListPartsAsync(MultipartUpload upload)
    {
        await using var db = _database.CreateContext();
        return await new MultipartUploadRepository(db).ListPartsAsync(UploadId.Parse(upload.Id), CancellationToken.None);
    }

    private async Task<uint> RowVersionAsync(MultipartUpload upload)
    {
        await using var db = _database.CreateContext();
        return await db.MultipartUploads.Where(u => u.Id == upload.Id).Select(u => EF.Property<uint>(u, "RowVersion")).SingleAsync();
    }

    private static Md5Digest Md5Of(int seed) => Md5Digest.FromBytes(MD5.HashData(BitConverter.GetBytes(seed)));
}
