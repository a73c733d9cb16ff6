using AutoDrive.Infrastructure.Dsn.Remote;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// Readiness of the local store: a small write, flush and delete in its directory
/// (<see cref="LocalDsnStorage.ProbeWritable"/>). The answer is kept for
/// <see cref="LocalDsnStorageOptions.HealthProbeInterval"/>, so a storm of probes or scrapes touches the disk at most
/// once per interval. With the network adapter the store is not used, and <see cref="RemoteDsnMonitor"/> is the check.
/// </summary>
internal sealed class LocalDsnStoreHealthCheck(IServiceProvider services, IOptions<DsnOptions> dsn, IOptions<LocalDsnStorageOptions> options, TimeProvider time)
    : IHealthCheck
{
    private readonly Lock _gate = new();
    private HealthCheckResult? _last;
    private DateTimeOffset _lastAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (dsn.Value.Kind != DsnKind.Local)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Not used: content goes to the storage network."));
        }

        // One probe at a time; callers arriving meanwhile wait for it and share its answer.
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is not { } last || now - _lastAt >= options.Value.HealthProbeInterval)
            {
                last = Probe();
                _last = last;
                _lastAt = now;
            }

            return Task.FromResult(last);
        }
    }

    private HealthCheckResult Probe()
    {
        try
        {
            services.GetRequiredService<LocalDsnStorage>().ProbeWritable();
            return HealthCheckResult.Healthy("The store's directory takes writes.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The exception's message names the failing call, never a tenant's data: the probe file is our own.
            return HealthCheckResult.Unhealthy($"The store's directory does not take writes: {exception.Message}");
        }
    }
}
