using AutoDrive.Infrastructure.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// Where the database is: <c>ConnectionStrings:AutoDrive</c> when configured, otherwise the embedded cluster
/// that AutoDrive starts and owns under its data directory.
/// </summary>
public sealed class DatabaseEndpoint(IConfiguration configuration, IServiceProvider services)
{
    public const string ConnectionStringName = "AutoDrive";

    private string? _connectionString;
    private EmbeddedPostgresCluster? _cluster;

    public bool IsEmbedded => _cluster is not null;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database has not been started yet.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_connectionString is not null)
        {
            return;
        }

        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = configured;
            return;
        }

        _cluster = services.GetRequiredService<EmbeddedPostgresCluster>();
        _connectionString = await _cluster.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is not null)
        {
            // Not cancelled with the host's shutdown token: a drain that used the whole shutdown timeout must still
            // leave the cluster stopped cleanly (pg_ctl stop has its own bounded wait).
            await _cluster.StopAsync(CancellationToken.None);
        }
    }
}
