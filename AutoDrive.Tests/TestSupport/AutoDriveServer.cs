using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// AutoDrive itself, started through <see cref="WebApplicationFactory{TEntryPoint}"/> on real Kestrel (so real
/// S3 clients, in this process or in scripts, talk to it over TCP) against a fresh database of the test run's
/// PostgreSQL cluster, with its own data directory and two users, alice and bob.
/// </summary>
public sealed class AutoDriveServer : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    private AutoDriveServer(string connectionString, string dataDirectory)
    {
        _connectionString = connectionString;
        DataDirectory = dataDirectory;
        AliceKey = "alice-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        BobKey = "bob-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    }

    public string DataDirectory { get; }

    public string AliceKey { get; }

    public string BobKey { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Uri S3Endpoint => new(BaseAddress, "/s3");

    public static async Task<AutoDriveServer> StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = await TestRun.CreateDatabaseAsync(cancellationToken);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodrive-server-" + Guid.NewGuid().ToString("N"));
        var server = new AutoDriveServer(connectionString, dataDirectory);
        server.UseKestrel(0);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:AutoDrive", _connectionString);
        builder.UseSetting("AutoDrive:DataDirectory", DataDirectory);
        builder.UseSetting("AutoDrive:LocalUser:Enabled", "false");
        builder.UseSetting("AutoDrive:Bootstrap:Users:0:Name", "alice");
        builder.UseSetting("AutoDrive:Bootstrap:Users:0:ApiKey", AliceKey);
        builder.UseSetting("AutoDrive:Bootstrap:Users:1:Name", "bob");
        builder.UseSetting("AutoDrive:Bootstrap:Users:1:ApiKey", BobKey);
        builder.UseSetting("urls", "http://127.0.0.1:0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
