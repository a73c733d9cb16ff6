using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// Readiness: the database carries every migration this build has (the schema the code expects). Migrations are
/// applied at start, so a pending one means another process changed the database, or the start failed half-way. A
/// database with migrations this build does not know was migrated by a newer AutoDrive: still served (a rolling
/// upgrade passes through that state), reported as degraded.
/// </summary>
internal sealed class MigrationsHealthCheck(AutoDriveDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyCollection<string> applied;
        try
        {
            applied = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The migration history cannot be read.", exception);
        }

        var known = db.Database.GetMigrations().ToList();
        var pending = known.Except(applied, StringComparer.Ordinal).ToList();
        if (pending.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"{pending.Count} of {known.Count} migrations are not applied (the first: {pending[0]}).");
        }

        var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
        return unknown.Count > 0
            ? HealthCheckResult.Degraded($"The database has {unknown.Count} migrations this build does not know (a newer AutoDrive applied them).")
            : HealthCheckResult.Healthy($"All {known.Count} migrations are applied.");
    }
}
