using System.Globalization;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// What <c>postmaster.pid</c> says and whether it is true: which process, if any, is the postmaster of this
/// cluster, and whether processes of a dead postmaster (its backends) still run in the cluster.
/// </summary>
internal sealed class PostmasterPidFile(ClusterLayout layout)
{
    public bool Exists => File.Exists(layout.PidFile);

    /// <summary>The pid on the file's first line, or 0 when there is no file or no number.</summary>
    public int ReadPid()
    {
        try
        {
            var firstLine = File.ReadLines(layout.PidFile).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
    }

    public void Delete() => File.Delete(layout.PidFile);

    /// <summary>
    /// Whether <paramref name="pid"/> is a live (not zombie) process whose working directory is this cluster's data
    /// directory, as a postmaster's and its backends' are. Outside Linux, whether pg_ctl status says the server runs.
    /// </summary>
    public async Task<bool> IsOfThisClusterAsync(int pid, PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (!OperatingSystem.IsLinux())
        {
            var status = await ProcessRunner.RunAsync(
                binaries.PgCtl, ["status", "-D", layout.ClusterDirectory], account, layout.DataDirectory, TimeSpan.FromMinutes(1), cancellationToken);
            return status.Succeeded;
        }

        return RunsInCluster(pid, LibC.Canonicalize(layout.ClusterDirectory));
    }

    /// <summary>
    /// Linux: the processes (other than <paramref name="except"/>) that run in this cluster's data directory — the
    /// backends a killed postmaster leaves behind for a moment. A new postmaster must not start beside them.
    /// </summary>
    public IReadOnlyList<int> FindClusterProcesses(int except = 0)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var cluster = LibC.Canonicalize(layout.ClusterDirectory);
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != except && pid != Environment.ProcessId && IsPostgres(pid) && RunsInCluster(pid, cluster))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> is alive and not a zombie (Linux: /proc/pid/stat; elsewhere: kill(pid, 0)).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (!OperatingSystem.IsLinux())
        {
            return LibC.Kill(pid, 0) == 0;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether the process runs the postgres program (backends keep that name, whatever their title says).</summary>
    private static bool IsPostgres(int pid)
    {
        try
        {
            return string.Equals(File.ReadAllText($"/proc/{pid}/comm").Trim(), "postgres", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The working directory of a postmaster and its backends is the data directory. Unreadable (another user's
    /// process, which ours is not) or missing (no such process, or a zombie) means it is not ours.
    /// </summary>
    private static bool RunsInCluster(int pid, string? canonicalCluster)
    {
        if (canonicalCluster is null || !IsAlive(pid))
        {
            return false;
        }

        try
        {
            return string.Equals(new FileInfo($"/proc/{pid}/cwd").LinkTarget, canonicalCluster, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
