using AutoDrive.Application.Users;
using AutoDrive.Infrastructure.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// Runs before the server accepts requests: makes the data directory private, starts the database (embedded when
/// none is configured), applies the committed migrations, makes sure of the bootstrap users and revokes bootstrap
/// keys no longer configured. Stops the embedded database last.
/// </summary>
public sealed class DatabaseInitializer(
    DatabaseEndpoint endpoint,
    IServiceScopeFactory scopes,
    IOptions<AutoDriveOptions> options,
    StartupReport report,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SecureDataDirectory();
        await endpoint.StartAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();

        // Creating the history table first spares a fresh database EF's logged failure of reading it.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database ready ({Kind}).", endpoint.IsEmbedded ? "embedded PostgreSQL" : "configured connection string");

        var provisioning = scope.ServiceProvider.GetRequiredService<UserProvisioningService>();
        var (seeds, local) = Seeds();
        foreach (var seed in seeds)
        {
            var user = await provisioning.EnsureAsync(seed, cancellationToken);
            report.AddUser(local is not null
                ? new StartupUser(user.Name, local.Value.Created ? seed.ApiKey : null, LocalApiKeyFile.PathIn(options.Value.ResolvedDataDirectory))
                : new StartupUser(user.Name));
        }

        var revoked = await provisioning.RevokeUnlistedBootstrapKeysAsync(seeds, cancellationToken);
        if (revoked > 0)
        {
            logger.LogWarning("Revoked {Count} bootstrap API keys that are no longer configured.", revoked);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => endpoint.StopAsync(cancellationToken);

    /// <summary>
    /// The data directory (store, keys, cluster) is 0700; when the embedded server runs as another account (AutoDrive
    /// as root), 0710 with that account's group, the least that lets it reach its cluster below.
    /// </summary>
    private void SecureDataDirectory()
    {
        var directory = options.Value.ResolvedDataDirectory;
        if (OperatingSystem.IsWindows() || (Directory.Exists(directory) && File.GetUnixFileMode(directory).HasFlag(UnixFileMode.StickyBit)))
        {
            // A shared directory such as /tmp given as the data directory is not AutoDrive's to close.
            return;
        }

        var account = endpoint.EmbeddedServerAccount();
        PrivateFiles.CreateDirectory(directory, account is null ? UnixFileMode.None : UnixFileMode.GroupExecute);
        account?.ShareGroup(directory);
    }

    private (List<UserSeed> Seeds, (string Key, bool Created)? Local) Seeds()
    {
        var settings = options.Value;
        var configured = settings.Bootstrap.Users
            .Where(u => !string.IsNullOrWhiteSpace(u.Name) || !string.IsNullOrWhiteSpace(u.ApiKey))
            .Select(u => new UserSeed(u.Name, u.ApiKey, u.UploadLimit, u.DownloadLimit))
            .ToList();
        if (configured.Count > 0 || !settings.LocalUser.Enabled)
        {
            return (configured, null);
        }

        var local = LocalApiKeyFile.ReadOrCreate(settings.ResolvedDataDirectory);
        return ([new UserSeed(settings.LocalUser.Name, local.Key)], local);
    }
}
