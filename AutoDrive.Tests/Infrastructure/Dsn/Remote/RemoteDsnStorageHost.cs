using System.Globalization;
using AutoDrive.Application.Content;
using AutoDrive.Infrastructure;
using AutoDrive.Infrastructure.Dsn.Remote;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Tests.Infrastructure.Dsn.Remote;

/// <summary>
/// The network adapter as the gateway registers it (<c>AddAutoDriveApiStorage</c> with its configuration keys), in a
/// service provider of its own, pointed at a remote Auto Drive API. Tunables are configuration values, as an operator
/// sets them; a test may give the typed client its own primary handler (to trust a test certificate or record the wire).
/// </summary>
internal sealed class RemoteDsnStorageHost : IAsyncDisposable
{
    private const string Section = "AutoDrive:Dsn:AutoDriveApi";

    private readonly ServiceProvider _services;

    private RemoteDsnStorageHost(ServiceProvider services)
    {
        _services = services;
        Storage = services.GetRequiredService<IDsnStorage>();
    }

    public IDsnStorage Storage { get; }

    public static RemoteDsnStorageHost Create(
        Uri baseUrl, string apiKey, IReadOnlyDictionary<string, string>? tunables = null, Func<HttpMessageHandler>? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AutoDrive:Dsn:Kind"] = "AutoDriveApi",
            [$"{Section}:BaseUrl"] = baseUrl.ToString(),
            [$"{Section}:ApiKey"] = apiKey,
        };
        foreach (var (name, value) in tunables ?? new Dictionary<string, string>())
        {
            settings[$"{Section}:{name}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IFolderNodeStore, InMemoryFolderNodeStore>();
        services.AddAutoDriveApiStorage(configuration);
        if (primaryHandler is not null)
        {
            // The registration's own handler is a plain SocketsHttpHandler; the last primary handler configured wins.
            services.AddHttpClient<AutoDriveApiClient>().ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        return new RemoteDsnStorageHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>A <see cref="TimeSpan"/> as configuration writes it (<c>00:00:00.05</c>).</summary>
    public static string Setting(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
