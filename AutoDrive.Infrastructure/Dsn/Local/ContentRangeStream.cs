namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// A read-only window of <c>length</c> bytes from <c>offset</c> of a seekable stream it owns; positions are
/// relative to the window.
/// </summary>
internal sealed class ContentRangeStream : ReadOnlySeekableStream
{
    private readonly Stream _inner;
    private readonly long _offset;

    public ContentRangeStream(Stream inner, long offset, long length)
        : base(length)
    {
        _inner = inner;
        _offset = offset;
        _inner.Position = offset;
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void OnPositionSet(long position) => _inner.Position = _offset + Math.Min(position, Length);

    protected override int ReadAtPosition(Span<byte> buffer) => _inner.Read(buffer[..Allowed(buffer.Length)]);

    protected override ValueTask<int> ReadAtPositionAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Allowed(int requested) => (int)Math.Min(requested, Remaining);
}
