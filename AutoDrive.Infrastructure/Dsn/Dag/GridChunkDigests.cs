using Blake3;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// Hashes, while a multipart part streams in, the FileChunk nodes of the object's chunk grid that fall wholly inside
/// the part, assuming the part starts at <see cref="AssumedOffset"/> of the object. A FileChunk node depends only on
/// its bytes, so when the assumption holds at assembly time these digests are the object's, and the part is not read
/// again; the bytes before the first grid boundary and after the last are left to the assembly. Clients cut equal
/// parts, so the offset is usually known from the part number and the size of the others.
/// </summary>
public sealed class GridChunkDigests
{
    private static readonly int DataOffset = DagNodeEncoder.MaxFileChunkPrefixLength;

    private readonly byte[] _node = new byte[DataOffset + DagLimits.ChunkSize];
    private byte[] _digests = new byte[64 * CidEncoding.DigestLength];
    private int _digestBytes;
    private long _position;
    private int _filled;

    public GridChunkDigests(long assumedOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(assumedOffset);
        AssumedOffset = assumedOffset;
        var intoChunk = assumedOffset % DagLimits.ChunkSize;
        FirstBoundary = intoChunk == 0 ? assumedOffset : assumedOffset - intoChunk + DagLimits.ChunkSize;
    }

    /// <summary>Where the part is assumed to start in the object.</summary>
    public long AssumedOffset { get; }

    /// <summary>The object offset of the first hashed chunk: the first grid boundary at or after the part's start.</summary>
    public long FirstBoundary { get; }

    /// <summary>How many whole grid chunks have been hashed.</summary>
    public int Count => _digestBytes / CidEncoding.DigestLength;

    /// <summary>The digests of the hashed chunks, in order, 32 bytes each.</summary>
    public ReadOnlySpan<byte> Digests => _digests.AsSpan(0, _digestBytes);

    public void Append(ReadOnlySpan<byte> data)
    {
        // Skip the bytes before the first boundary: they belong to a chunk that starts in an earlier part.
        var head = (int)Math.Clamp(FirstBoundary - AssumedOffset - _position, 0, data.Length);
        _position += data.Length;
        data = data[head..];
        while (!data.IsEmpty)
        {
            var take = Math.Min(DagLimits.ChunkSize - _filled, data.Length);
            data[..take].CopyTo(_node.AsSpan(DataOffset + _filled));
            _filled += take;
            data = data[take..];
            if (_filled == DagLimits.ChunkSize)
            {
                HashChunk();
                _filled = 0;
            }
        }
    }

    private void HashChunk()
    {
        Span<byte> prefix = stackalloc byte[DagNodeEncoder.MaxFileChunkPrefixLength];
        var prefixLength = DagNodeEncoder.WriteFileChunkPrefix(DagLimits.ChunkSize, prefix);
        var start = DataOffset - prefixLength;
        prefix[..prefixLength].CopyTo(_node.AsSpan(start));
        if (_digestBytes + CidEncoding.DigestLength > _digests.Length)
        {
            Array.Resize(ref _digests, _digests.Length * 2);
        }

        Hasher.Hash(_node.AsSpan(start, prefixLength + DagLimits.ChunkSize), _digests.AsSpan(_digestBytes, CidEncoding.DigestLength));
        _digestBytes += CidEncoding.DigestLength;
    }
}
