using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace AutoDrive.Application.Content;

/// <summary>
/// The three stages of a large body's ingest, running at the same time on a fixed ring of pooled buffers: the
/// caller reads the body into a free buffer, one loop digests filled buffers (MD5 and the additional checksum) and
/// another writes them to the sink (which computes the CID as it writes). Each stage takes buffers in order and
/// runs at its own pace; a buffer goes back to the reader once both loops are done with it. On two cores the
/// digests and the disk overlap instead of taking turns, and a slow step (a client pause, a page-cache stall)
/// is absorbed by the buffers in flight rather than stalling the other stages, as a barrier after every buffer
/// did. Memory stays <see cref="Depth"/> × <see cref="ContentIngestor.BufferSize"/> whatever the body's size.
/// After the first failure of any stage nothing more is read or written; the loops only release buffers, and
/// every loop has ended before a buffer goes back to the pool.
/// </summary>
internal sealed class BodyPipeline : IDisposable
{
    /// <summary>Buffers in flight: enough for each stage to hold one and the reader to fill another.</summary>
    public const int Depth = 4;

    private readonly byte[][] _buffers = new byte[Depth][];
    private readonly int[] _lengths = new int[Depth];
    private readonly int[] _holders = new int[Depth];
    private readonly Channel<int> _free = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<int> _toDigest = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<int> _toSink = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Action<ReadOnlySpan<byte>> _digest;
    private readonly IByteSink _sink;
    private readonly CancellationToken _cancellationToken;
    private readonly Task _digestLoop;
    private readonly Task _sinkLoop;
    private ExceptionDispatchInfo? _failure;
    private bool _completed;

    /// <param name="first">The body's first buffer, already filled by the caller; the pipeline owns it from now on.</param>
    /// <param name="firstLength">How many bytes of <paramref name="first"/> are the body's.</param>
    /// <param name="digest">Hashes the next bytes of the body (called in order, from one loop at a time).</param>
    /// <param name="sink">Receives the body's bytes in order, one write at a time.</param>
    /// <param name="cancellationToken">Forwarded to the sink's writes.</param>
    public BodyPipeline(byte[] first, int firstLength, Action<ReadOnlySpan<byte>> digest, IByteSink sink, CancellationToken cancellationToken)
    {
        _digest = digest;
        _sink = sink;
        _cancellationToken = cancellationToken;
        _buffers[0] = first;
        for (var i = 1; i < Depth; i++)
        {
            _buffers[i] = ArrayPool<byte>.Shared.Rent(ContentIngestor.BufferSize);
            _free.Writer.TryWrite(i);
        }

        // One long-lived loop per stage for the whole body: a buffer handed over to a stage that is still busy
        // costs no thread-pool hop, so a running stage keeps its core instead of waking a new worker per buffer.
        _digestLoop = Task.Run(DigestLoopAsync, CancellationToken.None);
        _sinkLoop = Task.Run(SinkLoopAsync, CancellationToken.None);
        Post(0, firstLength);
    }

    /// <summary>Whether a stage has failed: the reader stops, and <see cref="CompleteAsync"/> throws its error.</summary>
    public bool HasFailed => Volatile.Read(ref _failure) is not null;

    /// <summary>
    /// A free buffer to read the next bytes into, once the stages are done with one; null when a stage has failed
    /// (nothing more should be read).
    /// </summary>
    public async ValueTask<(int Index, byte[] Buffer)?> NextFreeAsync()
    {
        while (!HasFailed)
        {
            // A stage that fails keeps releasing buffers, so this wait always ends.
            var index = await _free.Reader.ReadAsync(CancellationToken.None);
            if (!HasFailed)
            {
                return (index, _buffers[index]);
            }

            _free.Writer.TryWrite(index);
            break;
        }

        return null;
    }

    /// <summary>Hands a filled buffer to both stages (in the order the buffers were filled).</summary>
    public void Post(int index, int length)
    {
        _lengths[index] = length;
        Volatile.Write(ref _holders[index], 2);
        _toDigest.Writer.TryWrite(index);
        _toSink.Writer.TryWrite(index);
    }

    /// <summary>Gives back a buffer taken with <see cref="NextFreeAsync"/> but not posted (the read failed or found nothing).</summary>
    public void Return(int index) => _free.Writer.TryWrite(index);

    /// <summary>Waits until both stages are done with every posted buffer, then throws the first stage failure, if any.</summary>
    public async Task CompleteAsync()
    {
        await DrainAsync();
        _failure?.Throw();
    }

    /// <summary>Ends the stages and waits for them (every buffer posted is released), whatever happened before.</summary>
    public async Task DrainAsync()
    {
        if (!_completed)
        {
            _completed = true;
            _toDigest.Writer.TryComplete();
            _toSink.Writer.TryComplete();
        }

        // The loops record their failures instead of throwing, so these never throw.
        await _digestLoop;
        await _sinkLoop;
    }

    /// <summary>Returns the buffers to the pool. Only after <see cref="DrainAsync"/>: no stage may still touch one.</summary>
    public void Dispose()
    {
        if (!_digestLoop.IsCompleted || !_sinkLoop.IsCompleted)
        {
            throw new InvalidOperationException("The pipeline's stages are still running; drain it first.");
        }

        foreach (var buffer in _buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task DigestLoopAsync()
    {
        await foreach (var index in _toDigest.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (!HasFailed)
            {
                try
                {
                    _digest(_buffers[index].AsSpan(0, _lengths[index]));
                }
                catch (Exception exception)
                {
                    Fail(exception);
                }
            }

            Release(index);
        }
    }

    private async Task SinkLoopAsync()
    {
        await foreach (var index in _toSink.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (!HasFailed)
            {
                try
                {
                    await _sink.WriteAsync(_buffers[index].AsMemory(0, _lengths[index]), _cancellationToken);
                }
                catch (Exception exception)
                {
                    Fail(exception);
                }
            }

            Release(index);
        }
    }

    private void Release(int index)
    {
        if (Interlocked.Decrement(ref _holders[index]) == 0)
        {
            _free.Writer.TryWrite(index);
        }
    }

    /// <summary>Records a failure of the reader or a stage; the first one is the one reported.</summary>
    public void Fail(Exception exception) =>
        Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(exception), null);
}
