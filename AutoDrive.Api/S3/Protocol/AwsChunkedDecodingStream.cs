using System.Buffers;
using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Protocol;

/// <summary>
/// Decodes an <c>aws-chunked</c> request body (SigV4 streaming uploads) while it streams: a read-only,
/// forward-only view of the payload inside the framing, in bounded memory whatever the body size.
/// </summary>
/// <remarks>
/// <para>Framing, as every S3 client sends it (Kestrel has already removed the HTTP chunked layer):</para>
/// <code>
/// hex-size[;chunk-signature=sig]\r\n &lt;hex-size bytes&gt; \r\n      (repeated)
/// 0[;chunk-signature=sig]\r\n
/// name:value\r\n                                            (zero or more trailers)
/// \r\n
/// </code>
/// <para>Hex digits are accepted in either case; chunk extensions (signatures, SigV4a's padded ones, an empty
/// <c>;</c>) are skipped, never verified. Trailer names are lower-cased, whitespace around <c>:</c> and
/// around values is ignored, an <c>x-amz-trailer-signature</c> line is kept like any other trailer (and not
/// verified). The final empty line may be missing at the end of the body, and one empty line between the
/// last chunk and the trailers (<c>0\r\n\r\nname:value\r\n\r\n</c>) is tolerated.</para>
/// <para>Only header and trailer lines pass through a small internal buffer; chunk payload is copied from the
/// inner stream straight into the caller's buffer whenever that buffer is at least 4 KiB.</para>
/// <para>Errors are <see cref="DomainException"/>s: <see cref="ErrorKind.IncompleteBody"/> when the body ends
/// early or the decoded length differs from <c>x-amz-decoded-content-length</c>;
/// <see cref="ErrorKind.InvalidRequest"/> when the framing is malformed. The inner stream is not disposed.</para>
/// </remarks>
internal sealed class AwsChunkedDecodingStream : Stream
{
    /// <summary>Longest chunk header or trailer line, CRLF excluded.</summary>
    public const int MaxLineLength = 4 * 1024;

    /// <summary>Longest trailer block (all trailer lines and the final empty line, CRLFs included).</summary>
    public const int MaxTrailerBlockLength = 16 * 1024;

    /// <summary>
    /// Largest chunk size accepted in a chunk header: S3's largest single PUT or part. Chunks are streamed, never
    /// buffered, so this bounds nonsense values only; SDKs send 8 KiB–1 MiB chunks, the CRT one chunk per part.
    /// </summary>
    public const long MaxChunkSize = 5L * 1024 * 1024 * 1024;

    // Holds one line (MaxLineLength + CRLF) with room to spare.
    private const int BufferSize = 8 * 1024;

    // Caller buffers at least this large receive payload straight from the inner stream; smaller ones are served
    // from the internal buffer so that a 1-byte reader does not turn into 1-byte reads of the inner stream.
    private const int DirectReadThreshold = 4 * 1024;

    private readonly Stream _inner;
    private readonly long? _expectedDecodedLength;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private State _state = State.ChunkHeader;
    private long _chunkRemaining;
    private long _decodedLength;
    private Dictionary<string, string>? _trailers;

    /// <param name="inner">The request body, after Kestrel removed any HTTP chunked encoding.</param>
    /// <param name="expectedDecodedLength">The <c>x-amz-decoded-content-length</c>, or null to skip the check.</param>
    public AwsChunkedDecodingStream(Stream inner, long? expectedDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (expectedDecodedLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedDecodedLength), "A length is not negative.");
        }

        _inner = inner;
        _expectedDecodedLength = expectedDecodedLength;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    private enum State
    {
        ChunkHeader,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Completed,
    }

    /// <summary>Payload bytes returned so far.</summary>
    public long DecodedLength => _decodedLength;

    /// <summary>Whether the whole body, trailers included, has been read and found well formed.</summary>
    public bool IsCompleted => _state == State.Completed;

    /// <summary>
    /// The trailers (lower-cased names, trimmed values), available once a read has returned 0.
    /// </summary>
    /// <exception cref="InvalidOperationException">The body has not been read to its end.</exception>
    public IReadOnlyDictionary<string, string> Trailers =>
        _trailers ?? throw new InvalidOperationException("Trailers are known once the body has been read to its end.");

    public override bool CanRead => _buffer is not null;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        var pending = ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None);

        // With useAsync false every step completes synchronously.
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, useAsync: true, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }

    private static DomainException Malformed(string message) => new(ErrorKind.InvalidRequest, message);

    private static DomainException Truncated(string where) =>
        new(ErrorKind.IncompleteBody, $"The aws-chunked body ended {where}.");

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (_state)
            {
                case State.ChunkHeader:
                    await ReadChunkHeaderAsync(useAsync, cancellationToken);
                    break;
                case State.ChunkData when _chunkRemaining == 0:
                    _state = State.ChunkDataEnd;
                    break;
                case State.ChunkData:
                    return await ReadChunkDataAsync(destination, useAsync, cancellationToken);
                case State.ChunkDataEnd:
                    await ReadChunkDataEndAsync(useAsync, cancellationToken);
                    _state = State.ChunkHeader;
                    break;
                case State.Trailers:
                    _trailers = await ReadTrailersAsync(useAsync, cancellationToken);
                    _state = State.Completed;
                    return 0;
                default:
                    return 0;
            }
        }
    }

    private async ValueTask ReadChunkHeaderAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(useAsync, cancellationToken);
        if (line.IsEndOfBody)
        {
            throw Truncated("before its final zero-length chunk");
        }

        var size = ParseChunkSize(_buffer.AsSpan(line.Start, line.Length));
        if (size == 0)
        {
            if (_expectedDecodedLength is { } expected && _decodedLength != expected)
            {
                throw new DomainException(
                    ErrorKind.IncompleteBody,
                    $"The aws-chunked body carries {_decodedLength} bytes but x-amz-decoded-content-length is {expected}.");
            }

            _state = State.Trailers;
            return;
        }

        if (_expectedDecodedLength is { } limit && size > limit - _decodedLength)
        {
            throw new DomainException(
                ErrorKind.IncompleteBody,
                $"The aws-chunked body carries more than the {limit} bytes of its x-amz-decoded-content-length.");
        }

        _chunkRemaining = size;
        _state = State.ChunkData;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        var i = 0;
        for (; i < line.Length; i++)
        {
            var digit = HexValue(line[i]);
            if (digit < 0)
            {
                break;
            }

            size = (size * 16) + digit;
            if (size > MaxChunkSize)
            {
                throw Malformed($"An aws-chunked chunk is larger than {MaxChunkSize} bytes.");
            }
        }

        if (i == 0)
        {
            throw Malformed("An aws-chunked chunk header does not start with a hexadecimal size.");
        }

        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        if (i < line.Length && line[i] != (byte)';')
        {
            throw Malformed("An aws-chunked chunk size is not a hexadecimal number.");
        }

        return size;
    }

    private async ValueTask<int> ReadChunkDataAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        var buffer = _buffer!;
        var wanted = (int)Math.Min(destination.Length, _chunkRemaining);
        int count;
        if (_end > _start)
        {
            count = Math.Min(wanted, _end - _start);
            buffer.AsSpan(_start, count).CopyTo(destination.Span);
            _start += count;
        }
        else if (wanted >= DirectReadThreshold)
        {
            count = await ReadInnerAsync(destination[..wanted], useAsync, cancellationToken);
            if (count == 0)
            {
                throw Truncated("inside a chunk");
            }
        }
        else
        {
            _start = _end = 0;
            _end = await ReadInnerAsync(buffer, useAsync, cancellationToken);
            if (_end == 0)
            {
                throw Truncated("inside a chunk");
            }

            count = Math.Min(wanted, _end);
            buffer.AsSpan(0, count).CopyTo(destination.Span);
            _start = count;
        }

        _chunkRemaining -= count;
        _decodedLength += count;
        return count;
    }

    private async ValueTask ReadChunkDataEndAsync(bool useAsync, CancellationToken cancellationToken)
    {
        while (_end - _start < 2)
        {
            if (!await FillAsync(useAsync, cancellationToken))
            {
                throw Truncated("after a chunk's data, before its CRLF");
            }
        }

        if (_buffer![_start] != (byte)'\r' || _buffer[_start + 1] != (byte)'\n')
        {
            throw Malformed("An aws-chunked chunk's data is not followed by CRLF (the chunk is longer than its size).");
        }

        _start += 2;
    }

    private async ValueTask<Dictionary<string, string>> ReadTrailersAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var trailers = new Dictionary<string, string>(StringComparer.Ordinal);
        var blockLength = 0;
        var toleratedLeadingEmptyLine = false;
        while (true)
        {
            var line = await ReadLineAsync(useAsync, cancellationToken);
            if (line.IsEndOfBody)
            {
                // The final empty line is missing: tolerated.
                return trailers;
            }

            blockLength += line.Length + 2;
            if (blockLength > MaxTrailerBlockLength)
            {
                throw Malformed($"The aws-chunked trailer block is longer than {MaxTrailerBlockLength} bytes.");
            }

            if (line.Length > 0)
            {
                AddTrailer(trailers, _buffer.AsSpan(line.Start, line.Length));
                continue;
            }

            if (await IsAtEndOfBodyAsync(useAsync, cancellationToken))
            {
                return trailers;
            }

            if (trailers.Count > 0 || toleratedLeadingEmptyLine)
            {
                throw Malformed("Bytes follow the end of the aws-chunked trailer block.");
            }

            // 0\r\n\r\n followed by trailers: an empty line between the last chunk and the trailers.
            toleratedLeadingEmptyLine = true;
        }
    }

    private static void AddTrailer(Dictionary<string, string> trailers, ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? string.Empty : Encoding.Latin1.GetString(line[..colon]).Trim();
        if (name.Length == 0)
        {
            throw Malformed("An aws-chunked trailer line is not of the form name:value.");
        }

        name = name.ToLowerInvariant();
        if (!trailers.TryAdd(name, Encoding.Latin1.GetString(line[(colon + 1)..]).Trim()))
        {
            throw Malformed($"The aws-chunked trailer {name} appears more than once.");
        }
    }

    /// <summary>Reads the next CRLF-terminated line into the internal buffer.</summary>
    private async ValueTask<Line> ReadLineAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var available = _end - _start;
            var found = _buffer.AsSpan(_start + searched, available - searched).IndexOf("\r\n"u8);
            if (found >= 0)
            {
                var length = searched + found;
                if (length > MaxLineLength)
                {
                    throw Malformed($"An aws-chunked header or trailer line is longer than {MaxLineLength} bytes.");
                }

                var line = new Line(_start, length);
                _start += length + 2;
                return line;
            }

            if (available >= MaxLineLength + 2)
            {
                throw Malformed($"An aws-chunked header or trailer line is longer than {MaxLineLength} bytes.");
            }

            // A CR at the very end may pair with an LF still to come.
            searched = Math.Max(0, available - 1);
            if (!await FillAsync(useAsync, cancellationToken))
            {
                return available == 0 ? Line.EndOfBody : throw Truncated("inside a chunk header or trailer line");
            }
        }
    }

    private async ValueTask<bool> IsAtEndOfBodyAsync(bool useAsync, CancellationToken cancellationToken) =>
        _end == _start && !await FillAsync(useAsync, cancellationToken);

    /// <summary>Moves unconsumed bytes to the front of the buffer and reads more after them; false at end of body.</summary>
    private async ValueTask<bool> FillAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var buffer = _buffer!;
        var available = _end - _start;
        if (_start > 0)
        {
            if (available > 0)
            {
                Buffer.BlockCopy(buffer, _start, buffer, 0, available);
            }

            _start = 0;
            _end = available;
        }

        var read = await ReadInnerAsync(buffer.AsMemory(_end), useAsync, cancellationToken);
        _end += read;
        return read > 0;
    }

    private ValueTask<int> ReadInnerAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken) =>
        useAsync ? _inner.ReadAsync(destination, cancellationToken) : new ValueTask<int>(_inner.Read(destination.Span));

    /// <summary>A line inside the internal buffer, CRLF excluded; valid until the buffer is next filled.</summary>
    private readonly record struct Line(int Start, int Length)
    {
        public static Line EndOfBody { get; } = new(0, -1);

        public bool IsEndOfBody => Length < 0;
    }
}
