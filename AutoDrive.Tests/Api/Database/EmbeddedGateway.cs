using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Database;

/// <summary>
/// The built server run as a process (<see cref="GatewayProcess"/>) on its embedded PostgreSQL (no connection string),
/// with its own data directory, and the handles a fault test needs on that cluster: the postmaster's pid and port
/// (from postmaster.pid), and signals to it and its backends. Disposing kills the server, then stops the postmaster it
/// leaves behind (pg_ctl detaches it) and deletes the directory.
/// </summary>
internal sealed class EmbeddedGateway : IAsyncDisposable
{
    private readonly TemporaryDirectory root;

    private EmbeddedGateway(TemporaryDirectory root, IReadOnlyDictionary<string, string?> environment)
    {
        this.root = root;
        Environment = environment;
    }

    public string DataDirectory => Path.Combine(root.Path, "data");

    public string ClusterDirectory => Path.Combine(DataDirectory, "postgres", "pgdata");

    public string PasswordFile => Path.Combine(DataDirectory, "postgres", "postgres-password");

    public IReadOnlyDictionary<string, string?> Environment { get; private set; }

    public GatewayProcess? Process { get; private set; }

    public Uri? Root { get; private set; }

    /// <summary>Starts a server on a new data directory with <paramref name="environment"/> (configuration as environment variables).</summary>
    public static async Task<EmbeddedGateway> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var gateway = new EmbeddedGateway(TemporaryDirectory.Create("autodrive-db"), environment);
        var started = false;
        try
        {
            await gateway.RestartAsync(environment);
            started = true;
            return gateway;
        }
        finally
        {
            if (!started)
            {
                // A failed start leaves no server, postmaster or directory behind.
                await gateway.DisposeAsync();
            }
        }
    }

    /// <summary>Kills the server (if running) and starts it again on the same data directory with <paramref name="environment"/>.</summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        Environment = environment;
        // An empty connection string: AutoDrive runs its own cluster under the data directory.
        Process = GatewayProcess.Start(string.Empty, DataDirectory, environment);
        Root = await Process.WaitForListeningAsync();
        await WaitForBannerAsync(Process, environment);
    }

    /// <summary>
    /// The banner is printed just after "Now listening on:": waits (a hang guard of polls) until it has a line for
    /// every user (the configured ones, else the local one) and, for the local user, its last line.
    /// </summary>
    private static async Task WaitForBannerAsync(GatewayProcess process, IReadOnlyDictionary<string, string?> environment)
    {
        var configured = environment.Keys.Count(k => k.StartsWith("AutoDrive__Bootstrap__Users__", StringComparison.Ordinal) && k.EndsWith("__Name", StringComparison.Ordinal));
        for (var i = 0; i < 600; i++)
        {
            var output = process.Output;
            var start = output.IndexOf("AutoDrive is running.", StringComparison.Ordinal);
            if (start >= 0)
            {
                var banner = output[start..];
                var done = configured > 0
                    ? banner.Split('\n').Count(l => l.StartsWith("  User '", StringComparison.Ordinal)) >= configured
                    : banner.Contains("  API key of user '", StringComparison.Ordinal) && banner.Contains("    echo hello", StringComparison.Ordinal);
                if (done)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The server printed no banner with its users:\n{process.Output}");
    }

    /// <summary>An HTTP client on the S3 API sending <paramref name="apiKey"/> as a bearer token, with a hang guard.</summary>
    public HttpClient S3Client(string apiKey, TimeSpan hangGuard)
    {
        var http = new HttpClient { BaseAddress = new Uri(Root!, "/s3/"), Timeout = hangGuard };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    /// <summary>The pid on postmaster.pid's first line (0 while there is none).</summary>
    public int PostmasterPid() => PidFileLine(0) is { } line && int.TryParse(line, CultureInfo.InvariantCulture, out var pid) ? pid : 0;

    /// <summary>The port on postmaster.pid's fourth line.</summary>
    public int PostmasterPort() => int.Parse(PidFileLine(3)!, CultureInfo.InvariantCulture);

    /// <summary>The postmaster and its backends: every live postgres process whose working directory is the cluster.</summary>
    public IReadOnlyList<int> ClusterProcesses()
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (new FileInfo($"/proc/{pid}/cwd").LinkTarget == ClusterDirectory
                    && File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres")
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours
            }
        }

        return found;
    }

    /// <summary>Sends <paramref name="signal"/> (STOP, CONT, KILL, ...) to the given processes with kill(1).</summary>
    public static async Task SignalAsync(string signal, IEnumerable<int> pids)
    {
        var list = pids.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        foreach (var pid in list)
        {
            start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        }

        using var kill = System.Diagnostics.Process.Start(start)!;
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever a test left frozen is woken first, or it could not stop.
        await SignalAsync("CONT", ClusterProcesses());
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        // The postmaster outlives the killed server: fast shutdown (SIGINT), then whatever is left is killed.
        if (PostmasterPid() is > 0 and var pid)
        {
            await SignalAsync("INT", [pid]);
        }

        for (var i = 0; i < 100 && ClusterProcesses().Count > 0; i++)
        {
            await Task.Delay(100);
        }

        await SignalAsync("KILL", ClusterProcesses());
        root.Dispose();
    }

    private string? PidFileLine(int index)
    {
        try
        {
            return File.ReadLines(Path.Combine(ClusterDirectory, "postmaster.pid")).Skip(index).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
