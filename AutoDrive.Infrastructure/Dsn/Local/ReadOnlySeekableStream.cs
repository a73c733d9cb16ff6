namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// The shape shared by the store's read streams: read-only, seekable, of a known length, keeping its own position.
/// A subclass reads at <see cref="Stream.Position"/>; this class bounds reads at the end and advances the position.
/// </summary>
internal abstract class ReadOnlySeekableStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
            OnPositionSet(value);
        }
    }

    /// <summary>The bytes left before the end.</summary>
    protected long Remaining => Math.Max(0, length - _position);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || Remaining == 0)
        {
            return 0;
        }

        var read = ReadAtPosition(buffer);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || Remaining == 0)
        {
            return 0;
        }

        var read = await ReadAtPositionAsync(buffer, cancellationToken);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Called after the position was set from outside (not after a read advanced it).</summary>
    protected virtual void OnPositionSet(long position)
    {
    }

    /// <summary>Reads into a non-empty buffer at the position, which is before the end.</summary>
    protected abstract int ReadAtPosition(Span<byte> buffer);

    /// <inheritdoc cref="ReadAtPosition"/>
    protected abstract ValueTask<int> ReadAtPositionAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
