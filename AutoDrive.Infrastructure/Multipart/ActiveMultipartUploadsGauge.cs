using System.Data.Common;
using System.Diagnostics.Metrics;
using AutoDrive.Application.Common;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// <c>autodrive.multipart.uploads.active</c>: the multipart uploads not yet completed nor aborted, counted in the
/// database (so every gateway on it reports the same number, and a restart does not reset it). An observable gauge
/// is read when metrics are scraped; the count is a short indexed query (state, updated_at), run at most once per
/// <see cref="RefreshInterval"/> however often the scrapes come. A scrape waits for a fresh count for at most
/// <see cref="ScrapeWait"/>, then reports the last one: a slow or unreachable database never stalls a scrape.
/// Hosted so the instrument exists from the start.
/// </summary>
internal sealed partial class ActiveMultipartUploadsGauge(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider time, ILogger<ActiveMultipartUploadsGauge> logger)
    : IHostedService
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Task? _refresh;
    private long? _count;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        meters.Create(AutoDriveMeter.Name).CreateObservableGauge(
            "autodrive.multipart.uploads.active",
            Observe,
            unit: "{upload}",
            description: "Multipart uploads in progress (initiated, neither completed nor aborted), in the database.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> Observe()
    {
        Task refresh;
        lock (_gate)
        {
            if (_refresh is null && time.GetUtcNow() - _countedAt >= RefreshInterval)
            {
                _refresh = RefreshAsync();
            }

            refresh = _refresh ?? Task.CompletedTask;
        }

        // Bounded: the refresh goes on without this scrape past the wait (its own timeout ends it).
        refresh.Wait(ScrapeWait);
        return _count is { } count ? [new Measurement<long>(count)] : [];
    }

    private async Task RefreshAsync()
    {
        // Off the scrape's thread, so the bounded wait above can give up on it.
        await Task.Yield();
        try
        {
            using var timeout = new CancellationTokenSource(QueryTimeout);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();
            var count = await db.Set<MultipartUpload>()
                .LongCountAsync(u => u.State == UploadState.Active || u.State == UploadState.Completing, timeout.Token);
            lock (_gate)
            {
                _count = count;
                _countedAt = time.GetUtcNow();
            }
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            // Metrics must never fail a scrape: the gauge keeps its last count, and the failure is said once per try.
            LogRefreshFailed(exception);
            lock (_gate)
            {
                _countedAt = time.GetUtcNow();
            }
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The count of active multipart uploads could not be read; the gauge keeps its last value.")]
    private partial void LogRefreshFailed(Exception exception);
}
