using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// AutoDrive itself, started through <see cref="WebApplicationFactory{TEntryPoint}"/> on real Kestrel (so real
/// S3 clients, in this process or in scripts, talk to it over TCP) against a fresh database of the test run's
/// PostgreSQL cluster, with its own data directory and four users: alice and bob (unlimited), carol (a third user who
/// is never given anything) and dave (with small upload and download limits, <see cref="DaveUploadLimit"/> and
/// <see cref="DaveDownloadLimit"/>), and an admin key (<see cref="AdminKey"/>). It listens on plain HTTP and on
/// HTTPS, the latter with a throwaway self-signed certificate (<see cref="CaCertificatePath"/>, which clients trust
/// explicitly) given to Kestrel through its standard configuration, as an operator would. Tests of several gateways
/// start more with <see cref="StartAsync(GatewaySetup, CancellationToken)"/> (one database shared, the same users, extra
/// settings such as another DSN adapter).
/// </summary>
public sealed class AutoDriveServer : WebApplicationFactory<Program>
{
    private readonly TestCertificate _certificate;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ILoggerProvider? _loggerProvider;
    private readonly ResponseCounter? _responses;

    private AutoDriveServer(string connectionString, string dataDirectory, TestCertificate certificate, GatewaySetup setup)
    {
        ConnectionString = connectionString;
        _certificate = certificate;
        _settings = setup.Settings;
        _loggerProvider = setup.LoggerProvider;
        _responses = setup.Responses;
        DataDirectory = dataDirectory;
        var users = setup.UsersOf;
        AliceKey = users?.AliceKey ?? NewKey("alice");
        BobKey = users?.BobKey ?? NewKey("bob");
        CarolKey = users?.CarolKey ?? NewKey("carol");
        DaveKey = users?.DaveKey ?? NewKey("dave");
        AdminKey = users?.AdminKey ?? NewKey("admin");
    }

    /// <summary>Dave's upload limit in bytes (set at every start, as configuration does).</summary>
    public const long DaveUploadLimit = 256 * 1024;

    /// <summary>Dave's download limit in bytes.</summary>
    public const long DaveDownloadLimit = 512 * 1024;

    public string DataDirectory { get; }

    /// <summary>The gateway's database (an Npgsql connection string), for gateways beside it and for tests' own SQL.</summary>
    public string ConnectionString { get; }

    public string AliceKey { get; }

    public string BobKey { get; }

    /// <summary>A third user, who owns nothing and is shared nothing: sees none of the others' objects.</summary>
    public string CarolKey { get; }

    /// <summary>A user with upload and download limits. Tests that spend his credits must not rely on what others spent.</summary>
    public string DaveKey { get; }

    /// <summary>The admin key (<c>AutoDrive:Admin:ApiKey</c>) for <c>/api/admin</c>.</summary>
    public string AdminKey { get; }

    /// <summary>The native API's root over <paramref name="scheme"/>, e.g. <c>http://127.0.0.1:41234/api</c> (the SDK's apiUrl).</summary>
    public Uri ApiEndpointFor(string scheme) => new(BaseAddressFor(scheme), "/api");

    /// <summary>The server's plain HTTP root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The server's HTTPS root, e.g. <c>https://127.0.0.1:41235</c>.</summary>
    public Uri HttpsBaseAddress { get; private set; } = null!;

    public Uri S3Endpoint => new(BaseAddress, "/s3");

    public Uri S3HttpsEndpoint => new(HttpsBaseAddress, "/s3");

    /// <summary>The PEM certificate that clients trust for <see cref="S3HttpsEndpoint"/> (self-signed: it is its own CA).</summary>
    public string CaCertificatePath => _certificate.CertificatePath;

    /// <summary>The same certificate, for .NET clients' custom root trust.</summary>
    public X509Certificate2 CaCertificate => _certificate.Certificate;

    /// <summary>The root for <paramref name="scheme"/>: <c>http</c> or <c>https</c>.</summary>
    public Uri BaseAddressFor(string scheme) => scheme switch
    {
        "http" => BaseAddress,
        "https" => HttpsBaseAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Expected http or https."),
    };

    public Uri S3EndpointFor(string scheme) => new(BaseAddressFor(scheme), "/s3");

    /// <summary>A gateway on a new database with new users (<see cref="GatewaySetup.Default"/>).</summary>
    public static Task<AutoDriveServer> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(GatewaySetup.Default, cancellationToken);

    /// <summary>
    /// A gateway as <paramref name="setup"/> says, with a data directory of its own. A host that fails to start throws
    /// here, its data directory removed.
    /// </summary>
    public static async Task<AutoDriveServer> StartAsync(GatewaySetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var connectionString = setup.ConnectionString ?? await TestRun.CreateDatabaseAsync(cancellationToken);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodrive-server-" + Guid.NewGuid().ToString("N"));
        var certificate = TestCertificate.CreateIn(Path.Combine(dataDirectory, "tls"));
        var server = new AutoDriveServer(connectionString, dataDirectory, certificate, setup);
        // Kestrel takes its endpoints from the "urls" setting and the certificate from its configuration (below).
        server.UseKestrel();
        try
        {
            server.StartServer();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.BaseAddress = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        server.HttpsBaseAddress = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:AutoDrive", ConnectionString);
        builder.UseSetting("AutoDrive:DataDirectory", DataDirectory);
        builder.UseSetting("AutoDrive:LocalUser:Enabled", "false");
        builder.UseSetting("AutoDrive:Bootstrap:Users:0:Name", "alice");
        builder.UseSetting("AutoDrive:Bootstrap:Users:0:ApiKey", AliceKey);
        builder.UseSetting("AutoDrive:Bootstrap:Users:1:Name", "bob");
        builder.UseSetting("AutoDrive:Bootstrap:Users:1:ApiKey", BobKey);
        builder.UseSetting("AutoDrive:Bootstrap:Users:2:Name", "carol");
        builder.UseSetting("AutoDrive:Bootstrap:Users:2:ApiKey", CarolKey);
        builder.UseSetting("AutoDrive:Bootstrap:Users:3:Name", "dave");
        builder.UseSetting("AutoDrive:Bootstrap:Users:3:ApiKey", DaveKey);
        builder.UseSetting("AutoDrive:Bootstrap:Users:3:UploadLimit", DaveUploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("AutoDrive:Bootstrap:Users:3:DownloadLimit", DaveDownloadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("AutoDrive:Admin:ApiKey", AdminKey);
        // Two endpoints on free ports; the HTTPS one uses the default certificate, given as PEM files.
        builder.UseSetting("urls", "http://127.0.0.1:0;https://127.0.0.1:0");
        builder.UseSetting("Kestrel:Certificates:Default:Path", _certificate.CertificatePath);
        builder.UseSetting("Kestrel:Certificates:Default:KeyPath", _certificate.KeyPath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_loggerProvider is { } provider)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(provider));
        }

        if (_responses is { } responses)
        {
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ResponseCountingStartupFilter(responses)));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _certificate.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private static string NewKey(string name) => name + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
