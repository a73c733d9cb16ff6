using AutoDrive.Application.Multipart;
using AutoDrive.Application.Native;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// Every <see cref="MultipartOptions.SweepInterval"/>, aborts idle multipart uploads (freeing their staging) and forgets
/// finished ones; and forgets native uploads idle for as long (<see cref="MultipartOptions.IdleExpiry"/>), freeing their
/// staged chunks.
/// </summary>
internal sealed partial class MultipartExpiryWorker(
    IServiceScopeFactory scopes,
    IOptions<MultipartOptions> options,
    TimeProvider time,
    ILogger<MultipartExpiryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var expired = await scope.ServiceProvider.GetRequiredService<MultipartExpiryService>().ExpireAsync(stoppingToken);
                var native = await scope.ServiceProvider.GetRequiredService<NativeUploadService>().ExpireAsync(options.Value.IdleExpiry, stoppingToken);
                if (expired + native > 0)
                {
                    LogExpired(expired, native);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted {Count} idle multipart uploads and {Native} idle native uploads.")]
    private partial void LogExpired(int count, int native);

    [LoggerMessage(Level = LogLevel.Error, Message = "The multipart expiry sweep failed; it runs again at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
