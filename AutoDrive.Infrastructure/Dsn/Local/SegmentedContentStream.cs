namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// A read-only, seekable view of a content stored as consecutive segment files (a multipart object keeps its staged
/// parts instead of copying them into one file). One segment file is open at a time.
/// </summary>
internal sealed class SegmentedContentStream : ReadOnlySeekableStream
{
    private readonly string[] _paths;
    private readonly long[] _starts;
    private FileStream? _current;
    private int _currentIndex = -1;

    private SegmentedContentStream(string[] paths, long[] starts, long length)
        : base(length)
    {
        _paths = paths;
        _starts = starts;
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

    protected override int ReadAtPosition(Span<byte> buffer)
    {
        var segment = CurrentSegment();
        return segment.Read(buffer[..Allowed(buffer.Length)]);
    }

    protected override ValueTask<int> ReadAtPositionAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var segment = CurrentSegment();
        return segment.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The segment holding the position (which is before the end), positioned there.</summary>
    private FileStream CurrentSegment()
    {
        var position = Position;
        var index = Array.BinarySearch(_starts, position);
        if (index < 0)
        {
            index = ~index - 1;
        }

        // Skip empty segments (a zero-byte last part) that share their start with the next one.
        while (index + 1 < _starts.Length && _starts[index + 1] <= position)
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

        _current!.Position = position - _starts[index];
        return _current;
    }

    /// <summary>How much may be read from the current segment.</summary>
    private int Allowed(int requested)
    {
        var end = _currentIndex + 1 < _starts.Length ? _starts[_currentIndex + 1] : Length;
        return (int)Math.Min(requested, end - Position);
    }
}
