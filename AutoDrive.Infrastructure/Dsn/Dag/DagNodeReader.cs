using System.Buffers.Binary;
using AutoDrive.Domain.Content;
using Blake3;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// Regenerates the encoded nodes of a stored file from its raw content and its <see cref="FileDag"/>: chunk
/// <c>i</c> is content bytes from <c>i × 65,066</c>; inlinks and the root are rebuilt from the recorded CIDs.
/// Every regenerated node is hashed and checked against its CID, so corrupt storage is reported, never served.
/// Not thread-safe (it moves the position of the content stream).
/// </summary>
public sealed class DagNodeReader : IAsyncDisposable, IDisposable
{
    private readonly Stream _content;
    private readonly bool _leaveOpen;
    private Dictionary<UInt128, long>? _index;

    /// <param name="dag">The DAG of the content.</param>
    /// <param name="content">The raw content, readable and seekable.</param>
    /// <param name="leaveOpen">Whether disposing this reader leaves <paramref name="content"/> open.</param>
    public DagNodeReader(FileDag dag, Stream content, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead || !content.CanSeek)
        {
            throw new ArgumentException("The content stream must be readable and seekable.", nameof(content));
        }

        Dag = dag;
        _content = content;
        _leaveOpen = leaveOpen;
    }

    public FileDag Dag { get; }

    /// <summary>Where the node <paramref name="cid"/> sits in this DAG, or null when it is not one of its nodes.</summary>
    public DagNodeLocation? Locate(Cid cid)
    {
        Span<byte> digest = stackalloc byte[CidEncoding.DigestLength];
        if (!CidEncoding.TryGetDigest(cid, digest))
        {
            return null;
        }

        if (digest.SequenceEqual(Dag.RootDigest))
        {
            return DagNodeLocation.Root;
        }

        _index ??= BuildIndex();
        if (!_index.TryGetValue(BinaryPrimitives.ReadUInt128LittleEndian(digest), out var packed))
        {
            return null;
        }

        var linkDepth = (int)(packed >> 32);
        var index = (int)(packed & uint.MaxValue);
        var expected = linkDepth == 0 ? Dag.Chunks.GetDigest(index) : Dag.Levels[linkDepth - 1].GetDigest(index);
        if (!digest.SequenceEqual(expected))
        {
            return null;
        }

        return linkDepth == 0 ? DagNodeLocation.Chunk(index) : DagNodeLocation.Inlink(linkDepth, index);
    }

    /// <summary>The encoded node <paramref name="cid"/>, or null when it is not a node of this DAG.</summary>
    public async ValueTask<byte[]?> ReadNodeAsync(Cid cid, CancellationToken cancellationToken) =>
        Locate(cid) is { } location ? await ReadNodeAsync(location, cancellationToken) : null;

    /// <summary>The encoded node at <paramref name="location"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The DAG has no node there.</exception>
    /// <exception cref="InvalidDataException">The stored content does not hash to the recorded CID.</exception>
    public async ValueTask<byte[]> ReadNodeAsync(DagNodeLocation location, CancellationToken cancellationToken)
    {
        byte[] node;
        byte[] expected;
        switch (location.Kind)
        {
            case DagNodeKind.Root when Dag.IsSingleNode:
                var content = new byte[Dag.Size];
                await ReadContentAsync(0, content, cancellationToken);
                node = DagNodeEncoder.EncodeSingleFile(content, Dag.NameUtf8, Dag.EncodedOptions);
                expected = Dag.RootDigest.ToArray();
                break;
            case DagNodeKind.Root:
                node = Dag.EncodeChunkedRoot();
                expected = Dag.RootDigest.ToArray();
                break;
            case DagNodeKind.Chunk:
                ArgumentOutOfRangeException.ThrowIfNegative(location.Index, nameof(location));
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(location.Index, Dag.Chunks.Count, nameof(location));
                node = await ReadChunkAsync(location.Index, cancellationToken);
                expected = Dag.Chunks.GetDigest(location.Index).ToArray();
                break;
            case DagNodeKind.Inlink:
                ArgumentOutOfRangeException.ThrowIfLessThan(location.LinkDepth, 1, nameof(location));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(location.LinkDepth, Dag.Levels.Count, nameof(location));
                var level = Dag.Levels[location.LinkDepth - 1];
                ArgumentOutOfRangeException.ThrowIfNegative(location.Index, nameof(location));
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(location.Index, level.Count, nameof(location));
                node = DagNodeEncoder.EncodeInlink(Dag.GetLinkTargets(location.LinkDepth).GetGroup(location.Index), location.LinkDepth);
                expected = level.GetDigest(location.Index).ToArray();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "Unknown node kind.");
        }

        Span<byte> actual = stackalloc byte[CidEncoding.DigestLength];
        Hasher.Hash(node, actual);
        if (!actual.SequenceEqual(expected))
        {
            throw new InvalidDataException(
                $"The stored content of {Dag.RootCid} does not match its DAG: node {location} does not hash to its CID.");
        }

        return node;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _content.Dispose();
        }
    }

    public ValueTask DisposeAsync() => _leaveOpen ? ValueTask.CompletedTask : _content.DisposeAsync();

    private async Task<byte[]> ReadChunkAsync(int index, CancellationToken cancellationToken)
    {
        var offset = (long)index * DagLimits.ChunkSize;
        var length = (int)Math.Min(DagLimits.ChunkSize, Dag.Size - offset);
        Span<byte> prefix = stackalloc byte[DagNodeEncoder.MaxFileChunkPrefixLength];
        var prefixLength = DagNodeEncoder.WriteFileChunkPrefix(length, prefix);
        var node = new byte[prefixLength + length];
        prefix[..prefixLength].CopyTo(node);
        await ReadContentAsync(offset, node.AsMemory(prefixLength), cancellationToken);
        return node;
    }

    private async Task ReadContentAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        _content.Position = offset;
        await _content.ReadExactlyAsync(destination, cancellationToken);
    }

    private Dictionary<UInt128, long> BuildIndex()
    {
        var capacity = Dag.Chunks.Count + Dag.Levels.Sum(level => level.Count);
        var index = new Dictionary<UInt128, long>(capacity);
        Add(index, Dag.Chunks, 0);
        for (var depth = 1; depth <= Dag.Levels.Count; depth++)
        {
            Add(index, Dag.Levels[depth - 1], depth);
        }

        return index;

        static void Add(Dictionary<UInt128, long> index, DigestList digests, int linkDepth)
        {
            for (var i = 0; i < digests.Count; i++)
            {
                // Identical nodes share a CID: the first position serves them all.
                index.TryAdd(BinaryPrimitives.ReadUInt128LittleEndian(digests.GetDigest(i)), ((long)linkDepth << 32) | (uint)i);
            }
        }
    }
}
