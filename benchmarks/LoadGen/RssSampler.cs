using System.Globalization;

namespace LoadGen;

/// <summary>
/// Samples a server's resident memory every 100 ms while the benchmark runs: the process's own VmRSS and the sum over
/// its process tree (AutoDrive's tree includes the embedded PostgreSQL it starts). Peaks are kept per phase and overall;
/// the kernel's own high-water mark (VmHWM) of the main process is read at the end. More roots can be given for
/// processes a server starts detached (AutoDrive's embedded PostgreSQL is not its child): their trees count too.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly HashSet<int> _roots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _phaseProcessPeak;
    private long _phaseTreePeak;

    public RssSampler(IReadOnlyList<int> pids)
    {
        _pid = pids[0];
        _roots = [.. pids];
        _loop = Task.Run(LoopAsync);
    }

    public long ProcessPeakBytes { get; private set; }

    public long TreePeakBytes { get; private set; }

    /// <summary>Returns the peaks since the last call (process, tree) and starts a new phase.</summary>
    public (double ProcessMiB, double TreeMiB) TakePhasePeak()
    {
        Sample();
        var result = (Mib(Interlocked.Exchange(ref _phaseProcessPeak, 0)), Mib(Interlocked.Exchange(ref _phaseTreePeak, 0)));
        return result;
    }

    public double HighWaterMarkMiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone: no high-water mark to read; the polled peak stands.
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static double Mib(long bytes) => bytes / 1048576.0;

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

        long own = Resident(_pid);
        long tree = 0;
        foreach (var pid in parents.Keys)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            {
                if (_roots.Contains(p))
                {
                    tree += pid == _pid ? own : Resident(pid);
                    break;
                }
            }
        }

        ProcessPeakBytes = Math.Max(ProcessPeakBytes, own);
        TreePeakBytes = Math.Max(TreePeakBytes, tree);
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

    private static long Resident(int pid)
    {
        var statm = ReadOrNull($"/proc/{pid}/statm");
        return statm is null ? 0 : long.Parse(statm.Split(' ')[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
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
