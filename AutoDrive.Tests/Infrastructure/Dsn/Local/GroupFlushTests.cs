using AutoDrive.Infrastructure.Dsn.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoDrive.Tests.Infrastructure.Dsn.Local;

/// <summary>
/// The group flush on its own, with the sync injected and held on a gate: requests queued during a sync are grouped
/// into the next one (never answered by the sync already running), a failing sync fails every request of its round
/// and any request begun before it, and the next round works.
/// </summary>
public class GroupFlushTests
{
    private const int Clients = 32;

    [Test]
    public async Task FlushAsync_32Requests_WhileTheFirstSyncIsHeld_TheOther31AreAnsweredByOneSecondSync()
    {
        var sync = new GatedSync();
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");

        var first = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        await sync.WaitEnteredAsync();
        var rest = Enumerable.Range(0, Clients - 1).Select(_ => flush.FlushAsync(flush.Mark(), CancellationToken.None)).ToList();
        await GatedSync.WaitUntilAsync(() => flush.Waiting == Clients, "all 32 requests are waiting");

        sync.ReleaseOne();
        await first;
        await sync.WaitEnteredAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rest.Where(t => t.IsCompleted), Is.Empty, "a request queued while a sync ran is not answered by that sync");
            Assert.That(sync.Calls, Is.EqualTo(2), "the 31 requests wait for one second sync");
        }

        sync.ReleaseOne();
        await Task.WhenAll(rest);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sync.Calls, Is.EqualTo(2));
            Assert.That(flush.SyncCount, Is.EqualTo(2));
            Assert.That(flush.Waiting, Is.Zero);
        }
    }

    [Test]
    public async Task FlushAsync_ARequestQueuedWhileASyncRuns_WaitsForTheNextSync()
    {
        var sync = new GatedSync();
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");
        var first = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        await sync.WaitEnteredAsync();

        var late = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        sync.ReleaseOne();
        await first;
        await sync.WaitEnteredAsync();

        Assert.That(late.IsCompleted, Is.False, "answered only by a sync that started after it was queued");
        sync.ReleaseOne();
        await late;
        Assert.That(sync.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task FlushAsync_WhenTheSyncFails_FailsEveryRequestOfItsRound_AndTheNextRoundWorks()
    {
        var sync = new GatedSync();
        sync.FailCall(2);
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");
        var first = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        await sync.WaitEnteredAsync();
        var round = Enumerable.Range(0, 5).Select(_ => flush.FlushAsync(flush.Mark(), CancellationToken.None)).ToList();
        await GatedSync.WaitUntilAsync(() => flush.Waiting == 6, "the second round's requests are waiting");
        var begunBeforeTheFailure = flush.Mark();

        sync.ReleaseAll();
        await first;
        var errors = new List<IOException>();
        foreach (var request in round)
        {
            errors.Add((await Assert.ThrowsAsync<IOException>(async () => await request))!);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Count.EqualTo(5));
            Assert.That(errors.Select(e => e.HResult), Is.All.EqualTo(5), "the errno of the failed syncfs reaches every waiter");
        }

        await flush.FlushAsync(flush.Mark(), CancellationToken.None);
        var stale = await Assert.ThrowsAsync<IOException>(() => flush.FlushAsync(begunBeforeTheFailure, CancellationToken.None));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stale!.HResult, Is.EqualTo(5), "a write begun before a failed sync may have lost its data: it fails too");
            Assert.That(sync.Calls, Is.EqualTo(4));
        }
    }

    [Test]
    public async Task FlushAsync_Cancelled_StopsWaiting_WhileTheSyncStillRunsForTheOthers()
    {
        var sync = new GatedSync();
        var flush = new GroupFlush(sync.Sync, NullLogger.Instance, "test");
        var first = flush.FlushAsync(flush.Mark(), CancellationToken.None);
        await sync.WaitEnteredAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = flush.FlushAsync(flush.Mark(), cancel.Token);
        var other = flush.FlushAsync(flush.Mark(), CancellationToken.None);

        await cancel.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        sync.ReleaseAll();
        await first;
        await other;
        Assert.That(sync.Calls, Is.EqualTo(2));
    }
}
