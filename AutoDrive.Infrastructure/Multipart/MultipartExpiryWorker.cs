using AutoDrive.Application.Multipart;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>Every <see cref="MultipartOptions.SweepInterval"/>, aborts idle uploads (freeing their staging) and forgets finished ones.</summary>
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
                var expired = await scope.ServiceProvider.GetRequiredService<MultipartService>().ExpireAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(expired);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted {Count} idle multipart uploads.")]
    private partial void LogExpired(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The multipart expiry sweep failed; it runs again at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
