using System.Collections.Concurrent;
using System.Threading.Channels;
using AutoDrive.Application.Multipart;
using AutoDrive.Application.Native;
using AutoDrive.Domain.Multipart;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// Assembles uploads ahead of their completion, in the background: each staged part (or native chunk) schedules its
/// upload, and the worker appends and hashes the contiguous parts. An upload waits in the queue at most once: parts
/// that arrive while it waits are assembled by the same pass, so a fast client costs one pass per batch, not one per
/// part. Purely an optimisation: completion assembles whatever is left, so a dropped or failed pass costs only time
/// (and is logged).
/// </summary>
internal sealed partial class MultipartAssemblyWorker(IServiceScopeFactory scopes, ILogger<MultipartAssemblyWorker> logger)
    : BackgroundService, IMultipartAssemblyScheduler
{
    private readonly Channel<(UploadId Id, StagedUploadKind Kind)> _queue = Channel.CreateBounded<(UploadId, StagedUploadKind)>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly ConcurrentDictionary<(UploadId, StagedUploadKind), byte> _waiting = new();

    public void Schedule(UploadId uploadId, StagedUploadKind kind = StagedUploadKind.Multipart)
    {
        if (_waiting.TryAdd((uploadId, kind), 0) && !_queue.Writer.TryWrite((uploadId, kind)))
        {
            _waiting.TryRemove((uploadId, kind), out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (uploadId, kind) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Removed before the pass: a part staged during the pass queues the upload again.
            _waiting.TryRemove((uploadId, kind), out _);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var assembly = kind == StagedUploadKind.NativeFile
                    ? scope.ServiceProvider.GetRequiredService<NativeUploadService>().AdvanceAssemblyAsync(uploadId, stoppingToken)
                    : scope.ServiceProvider.GetRequiredService<MultipartAssemblyService>().AdvanceAssemblyAsync(uploadId, stoppingToken);
                await assembly;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogAssemblyFailed(exception, uploadId.Value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assembling upload {UploadId} ahead of its completion failed; the completion will assemble it.")]
    private partial void LogAssemblyFailed(Exception exception, string uploadId);
}
