namespace AutoDrive.Api.Native.Downloads;

/// <summary>
/// The response body under a zip being written. .NET's zip writer ends each entry written to an unseekable stream with a
/// synchronous write of its data descriptor (a few bytes), even when the archive is used asynchronously, and Kestrel
/// refuses synchronous I/O. Such writes are held here and sent ahead of the next asynchronous write or flush, so no
/// thread ever blocks on the client. The inner stream is not disposed.
/// </summary>
internal sealed class SyncWriteDeferringStream(Stream inner) : Stream
{
    /// <summary>Held bytes are descriptors and headers only; more than this means a caller writes content synchronously.</summary>
    private const int MaxPendingBytes = 64 * 1024;

    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_pending.Length + buffer.Length > MaxPendingBytes)
        {
            throw new InvalidOperationException("Content is written to the response asynchronously only.");
        }

        _pending.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendPendingAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendPendingAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    /// <summary>Nothing is sent synchronously: held bytes go with the next asynchronous write or flush.</summary>
    public override void Flush()
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await SendPendingAsync(CancellationToken.None);
        await _pending.DisposeAsync();
        await base.DisposeAsync();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _pending.SetLength(0);
    }
}
