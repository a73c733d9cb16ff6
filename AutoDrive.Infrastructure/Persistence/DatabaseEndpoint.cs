using AutoDrive.Infrastructure.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

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

    /// <summary>The embedded cluster, when AutoDrive runs one.</summary>
    public EmbeddedPostgresCluster? Cluster => _cluster;

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

    /// <summary>
    /// The OS account the embedded server will run as (AutoDrive as root), or null: no embedded cluster (a connection
    /// string is configured) or one that runs as AutoDrive's own user.
    /// </summary>
    internal UnixAccount? EmbeddedServerAccount() =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName))
            ? services.GetRequiredService<EmbeddedPostgresCluster>().ServerAccount
            : null;

    /// <summary>
    /// The application's data source: the connection string with <see cref="DatabaseOptions"/>' timeouts, so no
    /// request waits on the database past them; its pool is cleared when the embedded cluster was restarted.
    /// </summary>
    public NpgsqlDataSource BuildDataSource(DatabaseOptions timeouts)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        // Named, so Npgsql's metrics label the pool "autodrive" rather than with the connection string (host, user, database).
        var builder = new NpgsqlDataSourceBuilder(ConnectionString) { Name = "autodrive" };
        builder.ConnectionStringBuilder.Timeout = (int)Math.Ceiling(timeouts.ConnectTimeout.TotalSeconds);
        builder.ConnectionStringBuilder.CommandTimeout = (int)Math.Ceiling(timeouts.CommandTimeout.TotalSeconds);
        builder.ConnectionStringBuilder.CancellationTimeout = (int)timeouts.CancellationTimeout.TotalMilliseconds;
        builder.ConnectionStringBuilder.KeepAlive = (int)timeouts.KeepAlive.TotalSeconds;
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same few statements run on every request: prepared once per connection, PostgreSQL skips parsing
            // and planning them (a connection string that sets Max Auto Prepare keeps its own value).
            builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        }

        var dataSource = builder.Build();
        if (_cluster is not null)
        {
            // Pooled connections to a dead postmaster would each fail one request after the restart.
            _cluster.Restarted += (_, _) => dataSource.Clear();
        }

        return dataSource;
    }

    /// <summary>Resolves <see cref="DatabaseOptions"/> and builds the data source (for the DI registration).</summary>
    internal static NpgsqlDataSource CreateDataSource(IServiceProvider services) =>
        services.GetRequiredService<DatabaseEndpoint>().BuildDataSource(services.GetRequiredService<IOptions<DatabaseOptions>>().Value);
}
