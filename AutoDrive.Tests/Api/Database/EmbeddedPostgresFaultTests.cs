using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace AutoDrive.Tests.Api.Database;

/// <summary>
/// The embedded PostgreSQL failing under a light S3 load, with the built server run as a process on its own cluster:
/// its postmaster (and backends) frozen with SIGSTOP, or the postmaster killed with SIGKILL. While the database is
/// gone every answer is a success or a 503 — never a 500, never a request held past the configured timeouts (the
/// client's hang guard is far above them) — and afterwards service is back by itself (after a kill: once the server
/// says it restarted PostgreSQL, under a hang guard only; the time it took is printed) and every acknowledged PUT reads
/// back.
/// </summary>
[NonParallelizable]
public class EmbeddedPostgresFaultTests
{
    /// <summary>The server's own bounds, kept short so the test spends little time frozen.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The client's hang guard: no request may take this long when the server's bounds are a few seconds.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(45);

    /// <summary>A guard against a server that never gets service back (a hang), not a speed requirement: the time it
    /// took is printed.</summary>
    private static readonly TimeSpan RecoveryGuard = TimeSpan.FromMinutes(3);

    private EmbeddedGateway gateway = null!;
    private string apiKey = null!;

    [SetUp]
    public async Task StartAsync()
    {
        Assume.That(OperatingSystem.IsLinux(), "signals the postmaster found through /proc");
        apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        gateway = await EmbeddedGateway.StartAsync(new Dictionary<string, string?>
        {
            ["AutoDrive__Bootstrap__Users__0__Name"] = "alice",
            ["AutoDrive__Bootstrap__Users__0__ApiKey"] = apiKey,
            ["AutoDrive__Database__ConnectTimeout"] = ConnectTimeout.ToString(),
            ["AutoDrive__Database__CommandTimeout"] = CommandTimeout.ToString(),
            ["AutoDrive__Database__CancellationTimeout"] = "00:00:01",
        });
    }

    [TearDown]
    public async Task StopAsync() => await gateway.DisposeAsync();

    [Test]
    public async Task Postmaster_FrozenUnderLoad_AnswersOnly503sThenServesAgainAndLosesNothing()
    {
        using var http = gateway.S3Client(apiKey, HangGuard);
        await AssertPutSucceedsAsync(http, "before");
        await using var load = new S3Load(http, "frozen", workerCount: 3);
        await WaitForAcknowledgedAsync(load, 10);

        var postmaster = gateway.PostmasterPid();
        var frozen = gateway.ClusterProcesses();
        Assert.That(frozen, Does.Contain(postmaster));
        await EmbeddedGateway.SignalAsync("STOP", frozen);
        // Frozen for longer than the connect and command timeouts together, so requests meet them.
        await Task.Delay((ConnectTimeout + CommandTimeout) * 2);
        var unavailableWhileFrozen = load.Unavailable;
        await EmbeddedGateway.SignalAsync("CONT", frozen);

        var recovered = await PollUntilServedAsync(http, "thawed");
        var acknowledgedBefore = load.Acknowledged.Count;
        await WaitForAcknowledgedAsync(load, acknowledgedBefore + 10);
        await load.StopAsync();

        await TestContext.Progress.WriteLineAsync(
            $"SIGSTOP: {unavailableWhileFrozen} answers 503 while frozen; served again {recovered.TotalMilliseconds:0} ms after SIGCONT; "
            + $"{load.Acknowledged.Count} PUTs acknowledged in all");
        Assert.That(load.Failures, Is.Empty, gateway.Process!.Output);
        Assert.That(gateway.PostmasterPid(), Is.EqualTo(postmaster), "a frozen postmaster is waited for, not replaced");
        await AssertAllReadBackAsync(http, "frozen", load);
    }

    [Test]
    public async Task Postmaster_KilledUnderLoad_IsRestartedByTheServerAndLosesNothing()
    {
        using var http = gateway.S3Client(apiKey, HangGuard);
        await AssertPutSucceedsAsync(http, "before");
        await using var load = new S3Load(http, "killed", workerCount: 3);
        await WaitForAcknowledgedAsync(load, 10);

        var killed = gateway.PostmasterPid();
        await EmbeddedGateway.SignalAsync("KILL", [killed]);
        var elapsed = Stopwatch.StartNew();
        await gateway.Process!.WaitForOutputAsync("PostgreSQL restarted").WaitAsync(RecoveryGuard);
        var restarted = elapsed.Elapsed;
        var recovered = await PollUntilServedAsync(http, "restarted") + restarted;
        var acknowledgedBefore = load.Acknowledged.Count;
        await WaitForAcknowledgedAsync(load, acknowledgedBefore + 10);
        await load.StopAsync();

        await TestContext.Progress.WriteLineAsync(
            $"SIGKILL: PostgreSQL restarted {restarted.TotalMilliseconds:0} ms and served again {recovered.TotalMilliseconds:0} ms after the kill; {load.Unavailable} answers 503 meanwhile; "
            + $"{load.Acknowledged.Count} PUTs acknowledged in all");
        Assert.That(load.Failures, Is.Empty, gateway.Process!.Output);
        Assert.That(gateway.PostmasterPid(), Is.Not.EqualTo(killed).And.Not.Zero, "the server started a new postmaster");
        Assert.That(gateway.Process.Output, Does.Contain("PostgreSQL restarted"));
        await AssertAllReadBackAsync(http, "killed", load);
    }

    private static async Task AssertPutSucceedsAsync(HttpClient http, string key)
    {
        using var response = await http.PutAsync($"probe/{key}", new ByteArrayContent("x"u8.ToArray()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Polls with PUTs until one succeeds (under <see cref="RecoveryGuard"/>); the time it took. Every answer before is a
    /// 503 (a refused connection is not: the server itself never went away).
    /// </summary>
    private static async Task<TimeSpan> PollUntilServedAsync(HttpClient http, string key)
    {
        var elapsed = Stopwatch.StartNew();
        var answers = new List<HttpStatusCode>();
        while (elapsed.Elapsed < RecoveryGuard)
        {
            using var response = await http.PutAsync($"probe/{key}-{answers.Count}", new ByteArrayContent("y"u8.ToArray()));
            if (response.IsSuccessStatusCode)
            {
                return elapsed.Elapsed;
            }

            answers.Add(response.StatusCode);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
            await Task.Delay(200);
        }

        Assert.Fail($"No PUT succeeded within {RecoveryGuard.TotalSeconds} s, a hang ({answers.Count} answers 503).");
        return elapsed.Elapsed;
    }

    private static async Task WaitForAcknowledgedAsync(S3Load load, int count)
    {
        // A hang guard, not a measurement: the load acknowledges dozens of PUTs a second when served.
        for (var i = 0; i < 600 && load.Acknowledged.Count < count; i++)
        {
            await Task.Delay(100);
        }

        Assert.That(load.Acknowledged.Count, Is.GreaterThanOrEqualTo(count), string.Join('\n', load.Failures));
    }

    private static async Task AssertAllReadBackAsync(HttpClient http, string bucket, S3Load load)
    {
        foreach (var (key, bytes) in load.Acknowledged)
        {
            using var response = await http.GetAsync($"{bucket}/{key}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"acknowledged {key} reads back");
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes), $"acknowledged {key} reads back byte-identical");
        }
    }
}
