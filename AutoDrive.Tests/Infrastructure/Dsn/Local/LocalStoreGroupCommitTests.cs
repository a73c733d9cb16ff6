using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDrive.Tests.Infrastructure.Dsn.Local;

/// <summary>
/// Group commit through the local store, on real files: 32 concurrent writes share their flushes and all read back;
/// with the flush held on a gate, nothing is visible under a CID before its bytes are flushed, no writer is answered
/// before its rename is flushed, and a failing flush answers every writer of its round with the 503 storage fault and
/// stores nothing. Staged parts follow the same order; with group commit off, each write is fsynced on its own.
/// </summary>
public class LocalStoreGroupCommitTests
{
    private const int Clients = 32;
    private const int Size = 4096;

    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        Assume.That(OperatingSystem.IsLinux(), "group commit uses syncfs (Linux)");
        _root = Path.Combine(Path.GetTempPath(), "autodrive-group-tests-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task Write_32Concurrent_WithTheRealGroupFlush_AllReadBack()
    {
        var storage = CreateStorage(groupCommit: true);
        Assert.That(storage.GroupCommit, Is.True, "on by default on Linux");

        await WriteAllAndCheckAsync(storage);
    }

    [Test]
    public async Task Write_32Concurrent_WithGroupCommitOff_AllReadBack()
    {
        var storage = CreateStorage(groupCommit: false);
        Assert.That(storage.GroupCommit, Is.False);

        await WriteAllAndCheckAsync(storage);
    }

    [Test]
    public async Task Write_32Concurrent_NothingUnderACidBeforeItsBytesAreFlushed_NoAnswerBeforeTheRenamesAreFlushed()
    {
        var sync = new GatedSync();
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");
        var storage = CreateStorage(flush);
        var contents = Contents();

        // A first sync held on the gate, so that every writer's first flush queues behind it.
        var holder = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        await sync.WaitEnteredAsync();
        var writes = contents.Select((bytes, i) => Task.Run(() => StoreAsync(storage, $"f{i}", bytes))).ToArray();
        await GatedSync.WaitUntilAsync(() => flush.Waiting == Clients + 1, "every writer waits for its first flush", writes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ContentFiles(), Is.Empty, "nothing is under a CID before its bytes are flushed");
            Assert.That(StoreTempFiles.In(_root), Has.Count.EqualTo(2 * Clients), "each writer's content and manifest wait in tmp/");
        }

        sync.ReleaseOne();
        await holder;
        await sync.WaitEnteredAsync();

        // The writers' first flush runs (held): a crash now finds nothing under a CID.
        Assert.That(ContentFiles(), Is.Empty, "nothing is renamed while the content's flush runs");
        Assert.That(sync.Calls, Is.EqualTo(2), "one sync for the first flush of all 32 writers");

        sync.ReleaseOne();
        await sync.WaitEnteredAsync();
        await GatedSync.WaitUntilAsync(() => flush.Waiting == Clients, "every writer renamed and waits for its second flush", writes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ContentFiles(), Has.Count.EqualTo(2 * Clients), "content and manifest renamed into the shards");
            Assert.That(StoreTempFiles.In(_root), Is.Empty);
            Assert.That(writes.Where(w => w.IsCompleted), Is.Empty, "no writer is answered before its renames are flushed");
        }

        sync.ReleaseAll();
        var stored = await Task.WhenAll(writes);

        // Holder, first flushes, then the renames' flushes: one sync, or two if some writers renamed while it ran.
        Assert.That(sync.Calls, Is.InRange(3, 4));
        await CheckReadBackAsync(storage, contents, stored);
    }

    [Test]
    public async Task Write_WhenTheGroupFlushFails_EveryWriterOfTheRoundGets503_NothingIsStored_ThenWritesWork()
    {
        var sync = new GatedSync();
        sync.FailCall(2);
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");
        var storage = CreateStorage(flush);
        var contents = Contents();

        var holder = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        await sync.WaitEnteredAsync();
        var writes = contents.Select((bytes, i) => Task.Run(() => StoreAsync(storage, $"f{i}", bytes))).ToArray();
        await GatedSync.WaitUntilAsync(() => flush.Waiting == Clients + 1, "every writer waits for its first flush", writes);
        sync.ReleaseAll();
        await holder;

        var errors = new List<DomainException>();
        foreach (var write in writes)
        {
            errors.Add((await Assert.ThrowsAsync<DomainException>(async () => await write))!);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e.Kind), Is.All.EqualTo(ErrorKind.ServiceUnavailable));
            Assert.That(errors.Select(e => e.Message), Is.All.Contains("I/O error"));
            Assert.That(ContentFiles(), Is.Empty, "nothing is stored");
            Assert.That(StoreTempFiles.In(_root), Is.Empty, "the failed writes' temporary files are removed");
        }

        var after = await StoreAsync(storage, "after", contents[0]);
        await CheckReadBackAsync(storage, [contents[0]], [after]);
    }

    [Test]
    public async Task StagePart_NotUnderItsNameBeforeItsBytesAreFlushed_AnsweredOnlyOnceTheRenameIsFlushed()
    {
        var sync = new GatedSync();
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");
        var storage = CreateStorage(flush);
        var staging = new LocalMultipartStaging(storage, Options.Create(new LocalDsnStorageOptions { RootDirectory = _root }));
        var id = UploadId.New();
        var parts = Path.Combine(_root, "staging", id.Value, "parts");

        await using var writer = await staging.BeginPartAsync(id, 1, 0, CancellationToken.None);
        await writer.WriteAsync(TestBytes.Random(Size, 7), CancellationToken.None);
        var commit = writer.CommitAsync(CancellationToken.None);
        await sync.WaitEnteredAsync();
        Assert.That(Directory.EnumerateFiles(parts, "*.part"), Is.Empty, "the part is not under its name before its bytes are flushed");

        sync.ReleaseOne();
        await sync.WaitEnteredAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Directory.EnumerateFiles(parts, "*.part").ToList(), Has.Count.EqualTo(1), "renamed after the first flush");
            Assert.That(commit.IsCompleted, Is.False, "not answered before the rename is flushed");
        }

        sync.ReleaseOne();
        var name = await commit;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(Path.Combine(parts, name)), Is.EqualTo(TestBytes.Random(Size, 7)));
            Assert.That(sync.Calls, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task FinishMultipart_WithGroupCommit_StoresTheSegmentsUnderTheCid()
    {
        var storage = CreateStorage(groupCommit: true);
        var staging = new LocalMultipartStaging(storage, Options.Create(new LocalDsnStorageOptions { RootDirectory = _root }));
        var id = UploadId.New();
        var first = TestBytes.Random(5 * 1024 * 1024, 8);
        var second = TestBytes.Random(Size, 9);
        var refs = new List<StagedPartRef>();
        foreach (var (number, bytes) in new[] { (1, first), (2, second) })
        {
            await using var writer = await staging.BeginPartAsync(id, number, null, CancellationToken.None);
            await writer.WriteAsync(bytes, CancellationToken.None);
            refs.Add(new StagedPartRef(number, await writer.CommitAsync(CancellationToken.None), bytes.Length));
        }

        var descriptor = new ContentDescriptor("two-parts.bin", UploadOptions.None);
        var stored = await staging.FinishAsync(id, descriptor, refs, CancellationToken.None);
        var whole = await StoreAsync(CreateStorage(groupCommit: false, root: _root + "-single"), "two-parts.bin", [.. first, .. second]);
        Directory.Delete(_root + "-single", recursive: true);

        Assert.That(stored.Cid, Is.EqualTo(whole.Cid), "the same CID as the bytes written in one piece");
        await CheckReadBackAsync(storage, [[.. first, .. second]], [stored]);
    }

    private LocalDsnStorage CreateStorage(bool groupCommit, string? root = null) =>
        new(Options.Create(new LocalDsnStorageOptions { RootDirectory = root ?? _root, GroupCommit = groupCommit }), TimeProvider.System, NullLogger<LocalDsnStorage>.Instance);

    private LocalDsnStorage CreateStorage(GroupFlush flush) =>
        new(Options.Create(new LocalDsnStorageOptions { RootDirectory = _root }), TimeProvider.System, NullLogger<LocalDsnStorage>.Instance, flush);

    private static byte[][] Contents() => [.. Enumerable.Range(0, Clients).Select(i => TestBytes.Random(Size, 100 + i))];

    private async Task WriteAllAndCheckAsync(LocalDsnStorage storage)
    {
        var contents = Contents();
        using var start = new Barrier(Clients);
        var stored = await Task.WhenAll(contents.Select((bytes, i) => Task.Run(() =>
        {
            // All 32 begin together, so their commits overlap.
            start.SignalAndWait();
            return StoreAsync(storage, $"f{i}", bytes);
        })));

        await CheckReadBackAsync(storage, contents, stored);
        Assert.That(StoreTempFiles.In(_root), Is.Empty);
    }

    private static async Task CheckReadBackAsync(LocalDsnStorage storage, byte[][] contents, DsnStoredContent[] stored)
    {
        Assert.That(stored.Select(s => s.Cid).Distinct().Count(), Is.EqualTo(contents.Length));
        for (var i = 0; i < contents.Length; i++)
        {
            await using var read = await storage.OpenReadAsync(stored[i].Cid, 0, contents[i].Length, CancellationToken.None);
            Assert.That(read, Is.Not.Null);
            Assert.That(await TestBytes.ReadAllAsync(read!), Is.EqualTo(contents[i]));
            Assert.That(await storage.GetDagAsync(stored[i].Cid, CancellationToken.None), Is.Not.Null, "the manifest is in place");
        }
    }

    private static async Task<DsnStoredContent> StoreAsync(LocalDsnStorage storage, string name, byte[] bytes)
    {
        await using var writer = await storage.BeginWriteAsync(new ContentDescriptor(name, UploadOptions.None), CancellationToken.None);
        await writer.WriteAsync(bytes, CancellationToken.None);
        return await writer.CommitAsync(CancellationToken.None);
    }

    private List<string> ContentFiles()
    {
        var content = Path.Combine(_root, "content");
        return Directory.Exists(content) ? [.. Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories)] : [];
    }
}
