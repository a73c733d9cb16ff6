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
/// Runs before the server accepts requests: starts the database (embedded when none is configured), applies
/// the committed migrations, and makes sure of the bootstrap users. Stops the embedded database last.
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
        await endpoint.StartAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();

        // Creating the history table first spares a fresh database EF's logged failure of reading it.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database ready ({Kind}).", endpoint.IsEmbedded ? "embedded PostgreSQL" : "configured connection string");

        var provisioning = scope.ServiceProvider.GetRequiredService<UserProvisioningService>();
        foreach (var seed in Seeds())
        {
            var user = await provisioning.EnsureAsync(seed, cancellationToken);
            report.AddUser(user.Name, seed.ApiKey);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => endpoint.StopAsync(cancellationToken);

    private List<UserSeed> Seeds()
    {
        var settings = options.Value;
        var configured = settings.Bootstrap.Users
            .Where(u => !string.IsNullOrWhiteSpace(u.Name) || !string.IsNullOrWhiteSpace(u.ApiKey))
            .Select(u => new UserSeed(u.Name, u.ApiKey, u.UploadLimit, u.DownloadLimit))
            .ToList();
        if (configured.Count > 0 || !settings.LocalUser.Enabled)
        {
            return configured;
        }

        return [new UserSeed(settings.LocalUser.Name, LocalApiKeyFile.ReadOrCreate(settings.ResolvedDataDirectory))];
    }
}
