namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// A read-only, seekable view of a content stored as consecutive segment files (a multipart object keeps its staged
/// parts instead of copying them into one file). One segment file is open at a time.
/// </summary>
internal sealed class SegmentedContentStream : Stream
{
    private readonly string[] _paths;
    private readonly long[] _starts;
    private readonly long _length;
    private FileStream? _current;
    private int _currentIndex = -1;
    private long _position;

    private SegmentedContentStream(string[] paths, long[] starts, long length)
    {
        _paths = paths;
        _starts = starts;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>Opens the segments of a directory, in the order of their names.</summary>
    public static SegmentedContentStream Open(string directory)
    {
        var files = new DirectoryInfo(directory).GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        var starts = new long[files.Length];
        long total = 0;
        for (var i = 0; i < files.Length; i++)
        {
            starts[i] = total;
            total += files[i].Length;
        }

        return new SegmentedContentStream(files.Select(f => f.FullName).ToArray(), starts, total);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var segment = CurrentSegment();
        if (segment is null || buffer.IsEmpty)
        {
            return 0;
        }

        var read = segment.Read(buffer[..Allowed(buffer.Length)]);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var segment = CurrentSegment();
        if (segment is null || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await segment.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The segment holding the position, positioned there; null at the end.</summary>
    private FileStream? CurrentSegment()
    {
        if (_position >= _length)
        {
            return null;
        }

        var index = Array.BinarySearch(_starts, _position);
        if (index < 0)
        {
            index = ~index - 1;
        }

        // Skip empty segments (a zero-byte last part) that share their start with the next one.
        while (index + 1 < _starts.Length && _starts[index + 1] <= _position)
        {
            index++;
        }

        if (index != _currentIndex)
        {
            _current?.Dispose();
            _current = new FileStream(_paths[index], new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            _currentIndex = index;
        }

        _current!.Position = _position - _starts[index];
        return _current;
    }

    /// <summary>How much may be read from the current segment.</summary>
    private int Allowed(int requested)
    {
        var end = _currentIndex + 1 < _starts.Length ? _starts[_currentIndex + 1] : _length;
        return (int)Math.Min(requested, end - _position);
    }
}
