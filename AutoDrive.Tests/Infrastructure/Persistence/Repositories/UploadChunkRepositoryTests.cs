using System.Security.Cryptography;
using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Repositories;

/// <summary>Recording chunks of native uploads against a real PostgreSQL, and their race with a completion.</summary>
public class UploadChunkRepositoryTests
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
    public async Task TryAdd_NewIndex_IsAdded()
    {
        var upload = await AddUploadAsync();

        var receipt = await TryAddAsync(Chunk(upload, 0, [1, 2, 3], "0-a"));

        Assert.That((receipt.UploadPending, receipt.Existing, receipt.Added), Is.EqualTo((true, (UploadChunk?)null, true)));
        var listed = await ListAsync(upload);
        Assert.That(listed.Select(c => (c.Index, c.Size, c.StagedName)), Is.EqualTo(new[] { (0, 3L, "0-a") }));
        Assert.That(listed[0].Md5, Is.EqualTo(Md5Of([1, 2, 3])));
    }

    [Test]
    public async Task TryAdd_IndexTaken_ReturnsTheChunkThatHoldsIt_AndRecordsNothing()
    {
        var upload = await AddUploadAsync();
        await TryAddAsync(Chunk(upload, 0, [1, 2, 3], "0-first"));

        var receipt = await TryAddAsync(Chunk(upload, 0, [9, 9], "0-second"));

        Assert.That((receipt.UploadPending, receipt.Added), Is.EqualTo((true, false)));
        Assert.That((receipt.Existing!.StagedName, receipt.Existing.Size), Is.EqualTo(("0-first", 3L)));
        Assert.That(receipt.Existing.IsSameAs(3, Md5Of([1, 2, 3])), Is.True);
        Assert.That((await ListAsync(upload)).Select(c => c.StagedName), Is.EqualTo(new[] { "0-first" }));
    }

    [Test]
    public async Task TryAdd_UploadNotPending_IsRefused_AndRecordsNothing()
    {
        var upload = await AddUploadAsync();
        var chunk = Chunk(upload, 0, [1], "0-a");
        await using (var db = _database.CreateContext())
        {
            var tracked = await new NativeUploadRepository(db).FindAsync(UploadId.Parse(upload.Id), CancellationToken.None);
            tracked!.BeginCompletion(Now);
            await db.SaveChangesAsync();
        }

        var receipt = await TryAddAsync(chunk);

        Assert.That((receipt.UploadPending, receipt.Existing, receipt.Added), Is.EqualTo((false, (UploadChunk?)null, false)));
        Assert.That(await ListAsync(upload), Is.Empty);
    }

    [Test]
    public async Task TryAdd_UnknownUpload_IsRefused()
    {
        var unknown = NativeUpload.StartFile(UploadId.New(), _owner.Id, "ghost.bin", null, UploadOptions.None, Now);

        var receipt = await TryAddAsync(Chunk(unknown, 0, [1], "0-a"));

        Assert.That(receipt.UploadPending, Is.False);
    }

    [Test]
    public async Task GetProgress_GivesTheHighestIndexAndTheSizeOfChunk0()
    {
        var upload = await AddUploadAsync();
        var before = await ProgressAsync(upload);
        await TryAddAsync(Chunk(upload, 2, [1], "2-a"));
        var without0 = await ProgressAsync(upload);
        await TryAddAsync(Chunk(upload, 0, [1, 2, 3, 4], "0-a"));

        Assert.That(before, Is.EqualTo(((int?)null, (long?)null)));
        Assert.That(without0, Is.EqualTo(((int?)2, (long?)null)));
        Assert.That(await ProgressAsync(upload), Is.EqualTo(((int?)2, (long?)4)));
        Assert.That((await ListAsync(upload)).Select(c => c.Index), Is.EqualTo(new[] { 0, 2 }), "listed in index order");
    }

    /// <summary>
    /// A completion's UPDATE of the upload row (status Completing), not yet committed, holds the row; a chunk arriving
    /// now is observed waiting on it, and once the completion commits the chunk is refused: it is never half in.
    /// </summary>
    [Test]
    public async Task TryAdd_WhileACompletionIsUncommitted_WaitsAndIsRefusedOnceItCommits()
    {
        var upload = await AddUploadAsync();
        await using var completion = _database.CreateContext();
        await using var transaction = await completion.Database.BeginTransactionAsync();
        var completing = await new NativeUploadRepository(completion).FindAsync(UploadId.Parse(upload.Id), CancellationToken.None);
        completing!.BeginCompletion(Now);
        await completion.SaveChangesAsync();

        await using var receiver = _database.CreateContext();
        var pid = await LockWaits.OpenAndGetBackendPidAsync(receiver);
        var chunk = Task.Run(() => new UploadChunkRepository(receiver).TryAddAsync(Chunk(upload, 0, [1], "0-a"), CancellationToken.None));
        await LockWaits.WaitUntilBlockedAsync(_database.ConnectionString, pid, chunk);
        await transaction.CommitAsync();

        var receipt = await chunk;

        Assert.That(receipt.UploadPending, Is.False);
        Assert.That(await ListAsync(upload), Is.Empty);
    }

    /// <summary>The same interleaving, the completion rolled back (the upload stays open): the waiting chunk is then added.</summary>
    [Test]
    public async Task TryAdd_WhileACompletionRollsBack_IsAddedAfterTheWait()
    {
        var upload = await AddUploadAsync();
        await using var completion = _database.CreateContext();
        await using var transaction = await completion.Database.BeginTransactionAsync();
        var completing = await new NativeUploadRepository(completion).FindAsync(UploadId.Parse(upload.Id), CancellationToken.None);
        completing!.BeginCompletion(Now);
        await completion.SaveChangesAsync();

        await using var receiver = _database.CreateContext();
        var pid = await LockWaits.OpenAndGetBackendPidAsync(receiver);
        var chunk = Task.Run(() => new UploadChunkRepository(receiver).TryAddAsync(Chunk(upload, 0, [1], "0-a"), CancellationToken.None));
        await LockWaits.WaitUntilBlockedAsync(_database.ConnectionString, pid, chunk);
        await transaction.RollbackAsync();

        Assert.That((await chunk).Added, Is.True);
        Assert.That((await ListAsync(upload)).Select(c => c.Index), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public async Task TryAdd_ConcurrentChunksOfOneUpload_DoNotWaitForEachOther()
    {
        var upload = await AddUploadAsync();
        await using var first = _database.CreateContext();
        await using var transaction = await first.Database.BeginTransactionAsync();
        Assert.That((await new UploadChunkRepository(first).TryAddAsync(Chunk(upload, 0, [1], "0-a"), CancellationToken.None)).Added, Is.True);

        // The first chunk's transaction is still open (it holds the upload row FOR SHARE): another chunk goes through.
        var second = await TryAddAsync(Chunk(upload, 1, [2], "1-a"));

        Assert.That(second.Added, Is.True);
        await transaction.CommitAsync();
        Assert.That((await ListAsync(upload)).Select(c => c.Index), Is.EqualTo(new[] { 0, 1 }));
    }

    private async Task<NativeUpload> AddUploadAsync()
    {
        var upload = NativeUpload.StartFile(UploadId.New(), _owner.Id, "a.bin", null, UploadOptions.None, Now);
        await using var db = _database.CreateContext();
        new NativeUploadRepository(db).Add(upload);
        await db.SaveChangesAsync();
        return upload;
    }

    private async Task<ChunkReceipt> TryAddAsync(UploadChunk chunk)
    {
        await using var db = _database.CreateContext();
        return await new UploadChunkRepository(db).TryAddAsync(chunk, CancellationToken.None);
    }

    private async Task<IReadOnlyList<UploadChunk>> ListAsync(NativeUpload upload)
    {
        await using var db = _database.CreateContext();
        return await new UploadChunkRepository(db).ListAsync(UploadId.Parse(upload.Id), CancellationToken.None);
    }

    private async Task<(int? HighestIndex, long? FirstChunkSize)> ProgressAsync(NativeUpload upload)
    {
        await using var db = _database.CreateContext();
        return await new UploadChunkRepository(db).GetProgressAsync(UploadId.Parse(upload.Id), CancellationToken.None);
    }

    /// <summary>A chunk of a pending upload (built from a fresh copy: the chunk is checked against the upload's state here, not in the database).</summary>
    private UploadChunk Chunk(NativeUpload upload, int index, byte[] bytes, string stagedName) =>
        UploadChunk.Receive(
            upload.Status == NativeUploadStatus.Pending ? upload : NativeUpload.StartFile(UploadId.Parse(upload.Id), _owner.Id, upload.Name, null, UploadOptions.None, Now),
            index, bytes.Length, Md5Of(bytes), stagedName, Now);

    private static Md5Digest Md5Of(byte[] bytes) => Md5Digest.FromBytes(MD5.HashData(bytes));
}
