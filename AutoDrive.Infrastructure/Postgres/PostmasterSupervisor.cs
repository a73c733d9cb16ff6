using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// Watches the postmaster AutoDrive started and has it restarted when it dies (killed, crashed, OOM-killed), so that
/// service resumes by itself. The watch is a pidfd (Linux: woken the moment the process exits, though it is not our
/// child — pg_ctl detaches it) together with a check every <see cref="CheckInterval"/> that the process is alive (the
/// only watch where there is no pidfd). A stopped (SIGSTOP) postmaster is alive: it is waited for, not replaced.
/// </summary>
internal sealed class PostmasterSupervisor : IAsyncDisposable
{
    /// <summary>How often liveness is checked besides the exit watch.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly PostmasterPidFile pidFile;
    private readonly Func<CancellationToken, Task> restart;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    /// <param name="pidFile">Names the postmaster to watch (read again after every restart).</param>
    /// <param name="restart">Starts a new postmaster (with its own retries); returns once it serves.</param>
    /// <param name="logger">Where deaths and restarts are reported.</param>
    public PostmasterSupervisor(PostmasterPidFile pidFile, Func<CancellationToken, Task> restart, ILogger logger)
    {
        this.pidFile = pidFile;
        this.restart = restart;
        this.logger = logger;
        loop = Task.Run(() => SuperviseAsync(stopping.Token));
    }

    /// <summary>Whether the watched postmaster is alive (false while it is being restarted).</summary>
    public bool IsPostmasterAlive => PostmasterPidFile.IsAlive(pidFile.ReadPid());

    /// <summary>Stops watching (a restart under way is cancelled) and waits until the watch has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // The restart under way was cancelled: the cluster is being stopped anyway.
        }

        stopping.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var pid = pidFile.ReadPid();
            await Task.Factory.StartNew(
                () => WaitForExit(pid, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();

            logger.LogError("The PostgreSQL postmaster (pid {Pid}) is gone; AutoDrive restarts it", pid);
            await restart(cancellationToken);
        }
    }

    /// <summary>Returns when <paramref name="pid"/> has exited (or is a zombie), or when cancelled.</summary>
    private static unsafe void WaitForExit(int pid, CancellationToken cancellationToken)
    {
        var pidfd = PostmasterPidFile.IsAlive(pid) ? LibC.PidFdOpen(pid) : -1;
        try
        {
            while (!cancellationToken.IsCancellationRequested && PostmasterPidFile.IsAlive(pid))
            {
                if (pidfd < 0)
                {
                    cancellationToken.WaitHandle.WaitOne(CheckInterval);
                    continue;
                }

                var poll = new LibC.PollFd { Fd = pidfd, Events = LibC.POLLIN };
                if (LibC.Poll(&poll, 1, (int)CheckInterval.TotalMilliseconds) > 0)
                {
                    return;
                }
            }
        }
        finally
        {
            if (pidfd >= 0)
            {
                _ = LibC.Close(pidfd);
            }
        }
    }
}
