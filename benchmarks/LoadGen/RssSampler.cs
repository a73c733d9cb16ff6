using System.Globalization;

namespace LoadGen;

/// <summary>
/// Samples a server's memory every 100 ms while the benchmark runs: the main process's resident set (VmRSS) and the
/// proportional set size (PSS, from /proc/&lt;pid&gt;/smaps_rollup) summed over its process tree. More roots can be given
/// for processes a server starts detached (AutoDrive's embedded PostgreSQL is not its child): their trees count too.
/// The main process's peak comes from the kernel's own high-water mark (VmHWM), which a poll cannot miss; where the
/// sampler may write /proc/&lt;pid&gt;/clear_refs (same user or root) it resets that mark at each phase's start, so each
/// phase gets its own exact peak. Peaks are kept per phase and overall.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly HashSet<int> _roots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _canResetHighWaterMark;
    private long _phaseProcessPeak;
    private long _phaseTreePeak;
    private long _processPeak;
    private long _treePeak;

    public RssSampler(IReadOnlyList<int> pids)
    {
        _pid = pids[0];
        _roots = [.. pids];
        // Probed without resetting: the first phase's mark then includes the server's start-up, as the run's peak should.
        _canResetHighWaterMark = CanWrite($"/proc/{_pid}/clear_refs");
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The main process's peak over the whole run (VmHWM, or the polled peak if the mark cannot be read).</summary>
    public long ProcessPeakBytes => Math.Max(Interlocked.Read(ref _processPeak), HighWaterMarkBytes());

    /// <summary>The tree's polled PSS peak over the whole run.</summary>
    public long TreePeakBytes => Interlocked.Read(ref _treePeak);

    /// <summary>Returns the peaks since the last call (main process, tree PSS) in MiB and starts a new phase.</summary>
    public (double ProcessMiB, double TreeMiB) TakePhasePeak()
    {
        Sample();
        var process = Interlocked.Exchange(ref _phaseProcessPeak, 0);
        if (_canResetHighWaterMark)
        {
            process = Math.Max(process, HighWaterMarkBytes());
            InterlockedMax(ref _processPeak, process);
            // "5" resets VmHWM to the current RSS (proc(5), clear_refs).
            TryWrite($"/proc/{_pid}/clear_refs", "5");
        }

        return (Mib(process), Mib(Interlocked.Exchange(ref _phaseTreePeak, 0)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static double Mib(long bytes) => bytes / 1048576.0;

    private long HighWaterMarkBytes() => StatusKiB(_pid, "VmHWM:") * 1024;

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync.
        }
    }

    private void Sample()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var stat = ReadOrNull(Path.Combine(dir, "stat"));
            if (stat is null)
            {
                continue;
            }

            // Fields after the command name (which may hold spaces, hence the last ')'): state, ppid, ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
        }

        var own = StatusKiB(_pid, "VmRSS:") * 1024;
        long tree = 0;
        foreach (var pid in parents.Keys)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            {
                if (_roots.Contains(p))
                {
                    tree += Pss(pid);
                    break;
                }
            }
        }

        InterlockedMax(ref _processPeak, own);
        InterlockedMax(ref _treePeak, tree);
        InterlockedMax(ref _phaseProcessPeak, own);
        InterlockedMax(ref _phaseTreePeak, tree);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>The process's PSS in bytes (0 if it is gone or its smaps_rollup cannot be read).</summary>
    private static long Pss(int pid)
    {
        var text = ReadOrNull($"/proc/{pid}/smaps_rollup");
        if (text is null)
        {
            return 0;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>A kB field of /proc/&lt;pid&gt;/status (VmRSS, VmHWM), 0 if the process is gone.</summary>
    private static long StatusKiB(int pid, string field)
    {
        var text = ReadOrNull($"/proc/{pid}/status");
        if (text is null)
        {
            return 0;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryWrite(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
        }
        catch (IOException)
        {
            // The process is gone: nothing to reset.
        }
        catch (UnauthorizedAccessException)
        {
            // Probed at start; permissions do not change mid-run, but a failed reset only makes the next mark larger.
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
