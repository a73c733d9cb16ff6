using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// Readiness: the database answers a trivial query (within the connect and command timeouts of
/// <see cref="DatabaseOptions"/>, so a frozen database makes the check fail rather than hang), and the embedded
/// cluster, when there is one, is not being restarted.
/// </summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, DatabaseEndpoint endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (endpoint.Cluster is { IsServing: false })
        {
            return HealthCheckResult.Unhealthy("The embedded PostgreSQL is not running; AutoDrive is restarting it.");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
