using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// Group commit for the local store: many concurrent writers are made durable by one flush of the file system that
/// holds the store root, instead of an fsync chain each. A writer writes its files (without fsync), then awaits
/// <see cref="FlushAsync"/>; a dedicated thread (never a thread-pool thread) takes every request waiting, runs one
/// <c>syncfs(2)</c> on a descriptor of the store root, and answers all of them. The batch is whatever queued while
/// the previous sync ran, so it grows with the load by itself: there is no delay to gather one.
/// <para>
/// Correctness rests on one rule: a request is satisfied only by a sync that started after it was queued. A sync
/// already running may have passed the request's files, so a request that arrives during a sync waits for the next.
/// </para>
/// <para>
/// A failing sync (Linux 5.8 and later report writeback errors through <c>syncfs</c>: EIO, ENOSPC) fails every request
/// of its round. A writeback error is reported once per descriptor, to whichever sync is running when it is found,
/// and that may be a round before the one of the write it concerns; so a writer takes a <see cref="Mark"/> before its
/// first write, and its request also fails when any sync failed since that mark (its data may be what was lost).
/// </para>
/// </summary>
internal sealed partial class GroupFlush
{
    private const int ReadOnly = 0;

    /// <summary>O_CLOEXEC (the same value on x86-64 and arm64): the embedded PostgreSQL must not inherit the descriptor.</summary>
    private const int CloseOnExec = 0x80000;

    private const int Eio = 5;

    /// <summary>The flusher thread ends after this long without a request (the next request starts one again).</summary>
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(10);

    /// <summary>One flusher per store root, for the life of the process, with its descriptor of the root.</summary>
    private static readonly Dictionary<string, GroupFlush> ByRoot = new(StringComparer.Ordinal);

    private readonly Action _sync;
    private readonly ILogger _logger;
    private readonly string _name;
    // A Monitor (not System.Threading.Lock): the flusher thread waits on it for requests.
    private readonly object _gate = new();
    private List<Waiter> _queue = [];
    private bool _threadRunning;
    private int _inRound;
    private long _failedSyncs;
    private long _syncs;

    // Touched by the flusher thread only: the figures of the Debug line logged about once a second.
    private long _intervalStart = Stopwatch.GetTimestamp();
    private int _intervalSyncs;
    private int _intervalRequests;
    private long _intervalSyncTicks;

    /// <summary>
    /// A flusher that runs <paramref name="sync"/> for each round (tests hold it on a gate or make it fail): it makes
    /// everything written before it was called durable, or throws <see cref="IOException"/>.
    /// </summary>
    internal GroupFlush(Action sync, ILogger logger, string name)
    {
        _sync = sync;
        _logger = logger;
        _name = name;
    }

    /// <summary>How many syncs have run (for tests and the Debug figures).</summary>
    internal long SyncCount => Interlocked.Read(ref _syncs);

    /// <summary>Requests not answered yet: queued, or in the round being synced (tests wait on it to force an interleaving).</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count + _inRound;
            }
        }
    }

    /// <summary>The flusher of the file system holding <paramref name="root"/> (an existing directory), shared by every store on it.</summary>
    public static GroupFlush ForRoot(string root, ILogger logger)
    {
        lock (ByRoot)
        {
            if (!ByRoot.TryGetValue(root, out var flush))
            {
                // Kept open for the life of the process: syncfs reports a writeback error once per descriptor, from
                // the moment the descriptor was opened, so a descriptor that lives on misses none.
                var descriptor = Open(root, ReadOnly | CloseOnExec);
                if (descriptor < 0)
                {
                    throw Failure("open", root);
                }

                flush = new GroupFlush(() => SyncFileSystem(descriptor, root), logger, root);
                ByRoot[root] = flush;
            }

            return flush;
        }
    }

    /// <summary>Taken before a writer's first write; pass it to <see cref="FlushAsync"/> (see the type's remarks).</summary>
    public long Mark() => Interlocked.Read(ref _failedSyncs);

    /// <summary>
    /// Completes once a sync that started after this call has made everything written before it durable. Throws the
    /// sync's <see cref="IOException"/> when that sync failed, or an EIO <see cref="IOException"/> when a sync failed
    /// since <paramref name="mark"/>. Cancelling stops the wait only: the sync runs for the other requests.
    /// </summary>
    public Task FlushAsync(long mark, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        // Answered on the thread pool, so the flusher thread goes on to the next round at once.
        var waiter = new Waiter(mark, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _queue.Add(waiter);
            if (_threadRunning)
            {
                // Wakes the thread if it waits for work; while it syncs, it finds the request when it comes back.
                Monitor.Pulse(_gate);
            }
            else
            {
                _threadRunning = true;
                new Thread(Run) { IsBackground = true, Name = "AutoDrive group flush" }.Start();
            }
        }

        if (!cancellationToken.CanBeCanceled)
        {
            return waiter.Done.Task;
        }

        // A caller that stopped waiting never observes a failure of its round: observed here, so that it is not
        // reported as an unobserved task exception (the callers still waiting got it).
        _ = waiter.Done.Task.ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return waiter.Done.Task.WaitAsync(cancellationToken);
    }

    private void Run()
    {
        while (true)
        {
            List<Waiter> batch;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (!Monitor.Wait(_gate, IdleExit) && _queue.Count == 0)
                    {
                        _threadRunning = false;
                        LogFigures(force: true);
                        return;
                    }
                }

                batch = _queue;
                _queue = [];
                _inRound = batch.Count;
            }

            // Every request of the batch was queued before this line, so the sync below started after each of them.
            Exception? failure = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                _sync();
            }
            catch (Exception exception)
            {
                // Not swallowed: every waiter of the round gets it (the store answers it as a storage fault).
                failure = exception;
                Interlocked.Increment(ref _failedSyncs);
            }

            Interlocked.Increment(ref _syncs);
            var failedSyncs = Interlocked.Read(ref _failedSyncs);
            foreach (var waiter in batch)
            {
                if (failure is not null)
                {
                    waiter.Done.SetException(failure);
                }
                else if (waiter.Mark != failedSyncs)
                {
                    waiter.Done.SetException(new IOException(
                        "A flush of the store failed after this write began: its data may not have reached the disk.", Eio));
                }
                else
                {
                    waiter.Done.SetResult();
                }
            }

            lock (_gate)
            {
                _inRound = 0;
            }

            _intervalSyncTicks += Stopwatch.GetTimestamp() - started;
            _intervalSyncs++;
            _intervalRequests += batch.Count;
            LogFigures(force: false);
        }
    }

    private void LogFigures(bool force)
    {
        var elapsed = Stopwatch.GetElapsedTime(_intervalStart);
        if ((!force && elapsed < TimeSpan.FromSeconds(1)) || _intervalSyncs == 0 || !_logger.IsEnabled(LogLevel.Debug))
        {
            if (force || elapsed >= TimeSpan.FromSeconds(1))
            {
                ResetFigures();
            }

            return;
        }

        LogSyncs(_name, _intervalSyncs, _intervalRequests, elapsed.TotalSeconds, Stopwatch.GetElapsedTime(0, _intervalSyncTicks).TotalSeconds);
        ResetFigures();
    }

    private void ResetFigures()
    {
        _intervalStart = Stopwatch.GetTimestamp();
        _intervalSyncs = 0;
        _intervalRequests = 0;
        _intervalSyncTicks = 0;
    }

    private static void SyncFileSystem(int descriptor, string root)
    {
        if (SyncFs(descriptor) != 0)
        {
            throw Failure("syncfs", root);
        }
    }

    private static IOException Failure(string call, string root)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of the store at '{root}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group flush of {Root}: {Syncs} syncfs for {Requests} requests in {Seconds:F2} s ({SyncSeconds:F3} s of it syncing).")]
    private partial void LogSyncs(string root, int syncs, int requests, double seconds, double syncSeconds);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int descriptor);

    private sealed record Waiter(long Mark, TaskCompletionSource Done);
}
