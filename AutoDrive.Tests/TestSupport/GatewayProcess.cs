using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The built server run as operators run it: <c>dotnet AutoDrive.Api.dll</c> from its build output, configured only by
/// environment variables (<c>ConnectionStrings__AutoDrive</c>, <c>AutoDrive__DataDirectory</c>, <c>AutoDrive__Dsn__Kind</c>,
/// ...), listening on a free port (<c>urls=http://127.0.0.1:0</c>). Its standard output and error are collected
/// (<see cref="Output"/>); the address it listens on is read from the host's "Now listening on:" line. Every wait has
/// a watchdog (a hang guard, not a measurement): past it the process is killed and the test fails. Disposing kills
/// a process still running.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    /// <summary>The hang guard of every wait.</summary>
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pumps;

    private GatewayProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The build output holding AutoDrive.Api.dll (same configuration as the tests).</summary>
    public static string ServerDirectory =>
        typeof(GatewayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ApiOutputDirectory").Value!;

    /// <summary>Everything the process wrote so far, standard output and error interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the server with <paramref name="environment"/> on top of a clean one (no AutoDrive, connection-string or
    /// URL settings inherited from the test run), with its own data directory <paramref name="dataDirectory"/>.
    /// </summary>
    public static GatewayProcess Start(string connectionString, string dataDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = Path.Combine(ServerDirectory, "AutoDrive.Api.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is missing: build AutoDrive.Api first.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ServerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var name in start.Environment.Keys
            .Where(k => k.StartsWith("AutoDrive__", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase)
                || k.Equals("urls", StringComparison.OrdinalIgnoreCase))
            .ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ConnectionStrings__AutoDrive"] = connectionString;
        start.Environment["AutoDrive__DataDirectory"] = dataDirectory;
        start.Environment["AutoDrive__LocalUser__Enabled"] = "false";
        start.Environment["urls"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        return new GatewayProcess(process);
    }

    /// <summary>The configuration key <paramref name="key"/> (<c>A:B:C</c>) as an environment variable (<c>A__B__C</c>).</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The settings as environment variables.</summary>
    public static Dictionary<string, string?> AsEnvironment(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ToDictionary(s => EnvironmentName(s.Key), s => s.Value);
    }

    /// <summary>The exit code once the process ends by itself (killed and failed past the watchdog).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(Watchdog);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            Assert.Fail($"The server was still running after {Watchdog.TotalSeconds} s; killed. Output:\n{Output}");
        }

        await _pumps;
        return _process.ExitCode;
    }

    /// <summary>The plain HTTP root it listens on, once it does (fails if it exits first or past the watchdog).</summary>
    public async Task<Uri> WaitForListeningAsync()
    {
        using var guard = new CancellationTokenSource(Watchdog);
        var exited = _process.WaitForExitAsync(guard.Token);
        var first = await Task.WhenAny(_listening.Task, exited);
        if (first == _listening.Task)
        {
            return await _listening.Task;
        }

        if (guard.IsCancellationRequested)
        {
            await KillAsync();
            Assert.Fail($"The server did not listen within {Watchdog.TotalSeconds} s; killed. Output:\n{Output}");
        }

        await _pumps;
        Assert.Fail($"The server exited ({_process.ExitCode}) before listening. Output:\n{Output}");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Sends <c>SIGKILL</c> to the server process alone, as a crash would end it: nothing of it runs any more, and
    /// what it started apart (the embedded postmaster) is left running. Waits for it to be gone.
    /// </summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(CancellationToken.None);
        await _pumps;
    }

    /// <summary>Sends <c>SIGTERM</c>, as a service manager stopping the server does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, "kill -TERM failed");
    }

    /// <summary>Waits (past the watchdog: fails) until the output holds <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        using var guard = new CancellationTokenSource(Watchdog);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (guard.IsCancellationRequested || _process.HasExited && !Output.Contains(text, StringComparison.Ordinal))
            {
                await _pumps.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
                Assert.Fail($"The server never wrote \"{text}\". Output:\n{Output}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        await _pumps;
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
    }
}
