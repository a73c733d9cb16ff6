using System.Threading.Channels;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Multipart;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// Assembles uploads ahead of Complete, in the background: each staged part schedules its upload, and the worker
/// appends and hashes the contiguous parts. Purely an optimisation: Complete assembles whatever is left, so a
/// dropped or failed pass costs only time (and is logged).
/// </summary>
internal sealed partial class MultipartAssemblyWorker(IServiceScopeFactory scopes, ILogger<MultipartAssemblyWorker> logger)
    : BackgroundService, IMultipartAssemblyScheduler
{
    private readonly Channel<UploadId> _queue = Channel.CreateBounded<UploadId>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Schedule(UploadId uploadId) => _queue.Writer.TryWrite(uploadId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var uploadId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MultipartService>().AdvanceAssemblyAsync(uploadId, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogAssemblyFailed(exception, uploadId.Value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assembling upload {UploadId} ahead of Complete failed; Complete will assemble it.")]
    private partial void LogAssemblyFailed(Exception exception, string uploadId);
}
