using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AutoDrive.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.Api.Gateways;

/// <summary>
/// The network adapter's start-up check, as operators see it: the built server run as a process
/// (<see cref="GatewayProcess"/>), configured by environment variables. A remote that refuses the key, or no BaseUrl,
/// stops the host (exit code non-zero, the setting to fix named in its output); a remote that cannot be reached lets
/// the host start, live but not ready (<c>/health/live</c> 200, <c>/health/ready</c> 503), and ready once the remote
/// answers. The remote is the shared server (an AutoDrive on its local store), or a minimal stand-in on a reserved port.
/// </summary>
[NonParallelizable]
public class StartupCheckTests
{
    /// <summary>A hang guard on waiting for readiness, not a measurement: polls, a bounded number of them.</summary>
    private const int ReadyPolls = 240;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    [Test]
    public async Task Start_WhenTheRemoteRefusesTheKey_ExitsNonZeroNamingTheApiKeySetting()
    {
        var remote = await SharedServer.GetAsync();
        using var data = TemporaryDirectory.Create("autodrive-gateway");
        var settings = RemoteDsnSettings.For(remote, "not-a-key-" + Guid.NewGuid().ToString("N"));
        await using var gateway = GatewayProcess.Start(await TestRun.CreateDatabaseAsync(), data.Path, GatewayProcess.AsEnvironment(settings));

        var exitCode = await gateway.WaitForExitAsync();

        Assert.That(exitCode, Is.Not.Zero, gateway.Output);
        Assert.That(gateway.Output, Does.Contain(RemoteDsnSettings.ApiKeyKey));
    }

    /// <summary>The control of the test above: the same process with a key the remote knows starts and listens.</summary>
    [Test]
    public async Task Start_WhenTheRemoteAcceptsTheKey_Listens()
    {
        var remote = await SharedServer.GetAsync();
        using var data = TemporaryDirectory.Create("autodrive-gateway");
        var settings = RemoteDsnSettings.For(remote, remote.BobKey);
        await using var gateway = GatewayProcess.Start(await TestRun.CreateDatabaseAsync(), data.Path, GatewayProcess.AsEnvironment(settings));

        var root = await gateway.WaitForListeningAsync();

        using var http = new HttpClient { BaseAddress = root };
        Assert.That(await PollReadyAsync(http), Is.EqualTo(HttpStatusCode.OK), gateway.Output);
    }

    [Test]
    public async Task Start_WithoutBaseUrl_ExitsNonZeroNamingTheBaseUrlSetting()
    {
        using var data = TemporaryDirectory.Create("autodrive-gateway");
        var environment = new Dictionary<string, string?>
        {
            [GatewayProcess.EnvironmentName(RemoteDsnSettings.KindKey)] = "AutoDriveApi",
            [GatewayProcess.EnvironmentName(RemoteDsnSettings.ApiKeyKey)] = "some-key",
        };
        await using var gateway = GatewayProcess.Start(await TestRun.CreateDatabaseAsync(), data.Path, environment);

        var exitCode = await gateway.WaitForExitAsync();

        Assert.That(exitCode, Is.Not.Zero, gateway.Output);
        Assert.That(gateway.Output, Does.Contain(RemoteDsnSettings.BaseUrlKey));
    }

    /// <summary>
    /// The remote's port is reserved by a socket bound but not listening, so connecting is refused (the remote is down);
    /// the gateway starts anyway, live and not ready. Then a stand-in remote starts on that very port and answers
    /// <c>GET /api/accounts/@me</c> to the configured key (sent as the SDK sends it), and the gateway becomes ready.
    /// </summary>
    [Test]
    public async Task Start_WhenTheRemoteIsUnreachable_IsLiveButNotReady_ThenReadyOnceTheRemoteAnswers()
    {
        using var reservation = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reservation.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)reservation.LocalEndPoint!).Port;
        var apiKey = "stand-in-" + Guid.NewGuid().ToString("N");
        using var data = TemporaryDirectory.Create("autodrive-gateway");
        var settings = RemoteDsnSettings.For(new Uri($"http://127.0.0.1:{port}/api"), apiKey);
        await using var gateway = GatewayProcess.Start(await TestRun.CreateDatabaseAsync(), data.Path, GatewayProcess.AsEnvironment(settings));

        var root = await gateway.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = root };
        using (var live = await http.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), gateway.Output);
        }

        using (var ready = await http.GetAsync("/health/ready"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), gateway.Output);
        }

        reservation.Close();
        var seen = new ConcurrentQueue<string>();
        await using var standIn = await StartStandInRemoteAsync(port, apiKey, seen);

        Assert.That(
            await PollReadyAsync(http),
            Is.EqualTo(HttpStatusCode.OK),
            $"requests the stand-in saw: {string.Join(", ", seen)}\n{gateway.Output}");
        using (var live = await http.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200 or the polls run out; the last status.</summary>
    private static async Task<HttpStatusCode> PollReadyAsync(HttpClient http)
    {
        var status = default(HttpStatusCode);
        for (var poll = 0; poll < ReadyPolls; poll++)
        {
            using var ready = await http.GetAsync("/health/ready");
            status = ready.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(PollInterval);
        }

        return status;
    }

    /// <summary>
    /// A minimal remote on <paramref name="port"/>: <c>GET /api/accounts/@me</c> answers an account (as Auto Drive's
    /// AccountInfo) to <c>Authorization: Bearer &lt;apiKey&gt;</c> with <c>X-Auth-Provider: apikey</c>, 401 otherwise;
    /// every request it sees is recorded in <paramref name="seen"/>.
    /// </summary>
    private static async Task<WebApplication> StartStandInRemoteAsync(int port, string apiKey, ConcurrentQueue<string> seen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            seen.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        app.MapGet("/api/accounts/@me", (HttpRequest request) =>
            request.Headers.Authorization.ToString() == "Bearer " + apiKey && request.Headers["X-Auth-Provider"].ToString() == "apikey"
                ? Results.Json(new
                {
                    id = "stand-in",
                    organizationId = (string?)null,
                    uploadLimit = (long?)null,
                    downloadLimit = (long?)null,
                    model = "one_off",
                    pendingUploadCredits = (long?)null,
                    pendingDownloadCredits = (long?)null,
                })
                : Results.Unauthorized());
        await app.StartAsync();
        return app;
    }
}
