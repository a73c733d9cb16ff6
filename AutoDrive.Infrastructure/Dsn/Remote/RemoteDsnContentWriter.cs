using System.Buffers;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
using AutoDrive.Infrastructure.Dsn.Dag;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// One content being written to the Auto Drive network: the bytes are cut into chunks of
/// <see cref="AutoDriveApiOptions.ChunkSize"/>, each uploaded by index as soon as it is full, up to
/// <see cref="AutoDriveApiOptions.ChunkConcurrency"/> at a time (a write waits for a free slot, so memory stays at
/// (concurrency + 1) chunks whatever the size), while the CID is computed here over the same bytes. Commit uploads
/// the last chunk, completes the remote upload and checks that the remote's CID is the one computed; anything else
/// fails the write, and nothing is recorded. A failed chunk fails the next write at once rather than at commit.
/// Disposing without commit stops the chunks in flight; the remote upload stays pending and is never completed
/// (the remote forgets idle uploads).
/// </summary>
internal sealed partial class RemoteDsnContentWriter : IDsnContentWriter
{
    private readonly AutoDriveApiClient _client;
    private readonly string _uploadId;
    private readonly FileDagBuilder _builder;
    private readonly int _chunkSize;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abort;
    private readonly List<Task> _inFlight = [];
    private readonly ILogger _logger;
    private byte[] _current;
    private int _filled;
    private int _nextIndex;
    private Exception? _failure;
    private bool _committed;
    private bool _disposed;

    public RemoteDsnContentWriter(
        AutoDriveApiClient client, string uploadId, FileDagBuilder builder, AutoDriveApiOptions options, ILogger logger, CancellationToken writeToken)
    {
        _client = client;
        _uploadId = uploadId;
        _builder = builder;
        _chunkSize = options.ChunkSize;
        _slots = new SemaphoreSlim(options.ChunkConcurrency, options.ChunkConcurrency);
        // Chunks in flight end with the write: when its request is aborted, or when the writer is disposed.
        _abort = CancellationTokenSource.CreateLinkedTokenSource(writeToken);
        _logger = logger;
        _current = ArrayPool<byte>.Shared.Rent(_chunkSize);
    }

    public long BytesWritten => _builder.BytesAppended;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfChunkFailed();
        _builder.Append(data.Span);
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _chunkSize - _filled);
            data[..take].CopyTo(_current.AsMemory(_filled));
            _filled += take;
            data = data[take..];
            if (_filled == _chunkSize)
            {
                await DispatchAsync(cancellationToken);
            }
        }
    }

    public async Task<DsnStoredContent> CommitAsync(CancellationToken cancellationToken)
    {
        EnsureOpen();
        if (_filled > 0)
        {
            await DispatchAsync(cancellationToken);
        }

        try
        {
            await Task.WhenAll(_inFlight);
        }
        catch (Exception) when (_failure is not null)
        {
            ThrowIfChunkFailed();
        }

        var dag = _builder.Finish();
        var remote = await _client.CompleteUploadAsync(_uploadId, cancellationToken);
        if (remote != dag.RootCid)
        {
            LogCidMismatch(_uploadId, dag.RootCid.Value, remote.Value);
            throw new DomainException(
                ErrorKind.ServiceUnavailable, "The storage network stored the content under another CID than its bytes give; it was not recorded. Please retry.");
        }

        _committed = true;
        // The remote deduplicates by itself; whether it already held the content is not something it says.
        return new DsnStoredContent(dag.RootCid, dag.Size, dag.NodeCount, WasAlreadyStored: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_committed)
        {
            await _abort.CancelAsync();
        }

        // Every chunk task returns its buffer to the pool itself; wait for them so none outlives the writer. Their
        // failures were recorded (and thrown to the writer's caller) already, or are the cancellation just asked for.
        await Task.WhenAll(_inFlight).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ArrayPool<byte>.Shared.Return(_current);
        _abort.Dispose();
        _slots.Dispose();
    }

    /// <summary>Hands the full (or last) chunk to an upload task once a slot is free, and starts a new chunk.</summary>
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        if (_failure is not null)
        {
            _slots.Release();
            ThrowIfChunkFailed();
        }

        var buffer = _current;
        var length = _filled;
        var index = _nextIndex++;
        _current = ArrayPool<byte>.Shared.Rent(_chunkSize);
        _filled = 0;
        _inFlight.Add(UploadAsync(buffer, length, index));
        _inFlight.RemoveAll(static t => t.IsCompletedSuccessfully);
    }

    private async Task UploadAsync(byte[] buffer, int length, int index)
    {
        try
        {
            await _client.UploadChunkAsync(_uploadId, index, buffer.AsMemory(0, length), _abort.Token);
        }
        catch (Exception exception) when (!_abort.IsCancellationRequested)
        {
            // The first failure wins; the chunks after it are stopped, and the writer's caller gets it.
            Interlocked.CompareExchange(ref _failure, exception, null);
            await _abort.CancelAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _slots.Release();
        }
    }

    private void ThrowIfChunkFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure is DomainException
                ? failure
                : new DomainException(ErrorKind.ServiceUnavailable, "The storage network did not take the content. Please retry.", failure);
        }
    }

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The content is committed already.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Remote upload {UploadId}: the network answered CID {Remote}; the bytes give {Computed}. Not recorded.")]
    private partial void LogCidMismatch(string uploadId, string computed, string remote);
}
