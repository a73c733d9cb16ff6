using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// AutoDrive itself, started through <see cref="WebApplicationFactory{TEntryPoint}"/> on real Kestrel (so real
/// S3 clients, in this process or in scripts, talk to it over TCP) against a fresh database of the test run's
/// PostgreSQL cluster, with its own data directory and four users: alice and bob (unlimited), carol (a third user who
/// is never given anything) and dave (with small upload and download limits, <see cref="DaveUploadLimit"/> and
/// <see cref="DaveDownloadLimit"/>), and an admin key (<see cref="AdminKey"/>). It listens on plain HTTP and on
/// HTTPS, the latter with a throwaway self-signed certificate (<see cref="CaCertificatePath"/>, which clients trust
/// explicitly) given to Kestrel through its standard configuration, as an operator would.
/// </summary>
public sealed class AutoDriveServer : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly TestCertificate _certificate;

    private AutoDriveServer(string connectionString, string dataDirectory, TestCertificate certificate)
    {
        _connectionString = connectionString;
        _certificate = certificate;
        DataDirectory = dataDirectory;
        AliceKey = "alice-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        BobKey = "bob-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        CarolKey = "carol-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        DaveKey = "dave-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        AdminKey = "admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    }

    /// <summary>Dave's upload limit in bytes (set at every start, as configuration does).</summary>
    public const long DaveUploadLimit = 256 * 1024;

    /// <summary>Dave's download limit in bytes.</summary>
    public const long DaveDownloadLimit = 512 * 1024;

    public string DataDirectory { get; }

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

    public static async Task<AutoDriveServer> StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = await TestRun.CreateDatabaseAsync(cancellationToken);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodrive-server-" + Guid.NewGuid().ToString("N"));
        var certificate = TestCertificate.CreateIn(Path.Combine(dataDirectory, "tls"));
        var server = new AutoDriveServer(connectionString, dataDirectory, certificate);
        // Kestrel takes its endpoints from the "urls" setting and the certificate from its configuration (below).
        server.UseKestrel();
        server.StartServer();
        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.BaseAddress = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        server.HttpsBaseAddress = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
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
}
