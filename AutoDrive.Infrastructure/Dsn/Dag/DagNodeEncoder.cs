namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// Encodes the nodes of a file DAG as dag-pb <c>PBNode</c>s: every link first (field 2, carrying only its
/// <c>Hash</c>: <c>12 26 0a 24 &lt;36-byte CID&gt;</c>), then <c>Data</c> (field 1), the <c>IPLDNodeData</c>.
/// Links are given as concatenated 32-byte BLAKE3 digests.
/// </summary>
internal static class DagNodeEncoder
{
    /// <summary>One encoded link: tag, length, Hash tag, Hash length, binary CID.</summary>
    public const int LinkLength = 4 + CidEncoding.BinaryLength;

    /// <summary>The longest prefix <see cref="WriteFileChunkPrefix"/> writes.</summary>
    public const int MaxFileChunkPrefixLength = 16;

    /// <summary>The longest inlink node (a full one).</summary>
    public static readonly int MaxInlinkLength = GetInlinkLength(DagLimits.MaxLinksPerNode, int.MaxValue);

    public static int GetEncodedLength(int linkCount, in IpldNodeData data) =>
        (linkCount * LinkLength) + Protobuf.LengthDelimitedFieldLength(data.EncodedLength);

    /// <summary>Encodes a node into <paramref name="destination"/>; returns the number of bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> linkDigests, in IpldNodeData data, Span<byte> destination)
    {
        if (linkDigests.Length % CidEncoding.DigestLength != 0)
        {
            throw new ArgumentException("Links are whole 32-byte digests.", nameof(linkDigests));
        }

        var writer = new ProtobufWriter(destination);
        Span<byte> cid = stackalloc byte[CidEncoding.BinaryLength];
        for (var i = 0; i < linkDigests.Length; i += CidEncoding.DigestLength)
        {
            CidEncoding.WriteBinary(linkDigests.Slice(i, CidEncoding.DigestLength), cid);
            writer.WriteLengthDelimitedHeader(2, 2 + CidEncoding.BinaryLength);
            writer.WriteLengthDelimitedField(1, cid);
        }

        writer.WriteLengthDelimitedHeader(1, data.EncodedLength);
        data.WriteTo(ref writer);
        return writer.Position;
    }

    public static byte[] Encode(ReadOnlySpan<byte> linkDigests, in IpldNodeData data)
    {
        var bytes = new byte[GetEncodedLength(linkDigests.Length / CidEncoding.DigestLength, data)];
        Encode(linkDigests, data, bytes);
        return bytes;
    }

    /// <summary>
    /// Writes everything of a FileChunk node <c>{type: FileChunk, size, data}</c> that precedes its data bytes,
    /// so that the node is this prefix followed by the chunk; returns the prefix length.
    /// </summary>
    public static int WriteFileChunkPrefix(int dataLength, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        var size = (ulong)dataLength;
        var nodeDataLength = Protobuf.VarintFieldLength((ulong)DagNodeType.FileChunk)
            + Protobuf.VarintFieldLength(size)
            + Protobuf.LengthDelimitedFieldLength(dataLength);
        var writer = new ProtobufWriter(destination);
        writer.WriteLengthDelimitedHeader(1, nodeDataLength);
        writer.WriteVarintField(1, (ulong)DagNodeType.FileChunk);
        writer.WriteVarintField(3, size);
        writer.WriteLengthDelimitedHeader(5, dataLength);
        return writer.Position;
    }

    public static byte[] EncodeFileChunk(ReadOnlySpan<byte> data) => Encode([], FileChunk(data.Length, data));

    /// <summary>The File node of content that fits in one chunk: <c>{size, name, data, uploadOptions}</c>.</summary>
    public static byte[] EncodeSingleFile(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name, ReadOnlySpan<byte> uploadOptions) =>
        Encode([], new IpldNodeData
        {
            Type = DagNodeType.File,
            Size = data.Length,
            HasName = true,
            Name = name,
            HasData = true,
            Data = data,
            HasUploadOptions = true,
            UploadOptions = uploadOptions,
        });

    /// <summary>A FileInlink node <c>{type: FileInlink, size: number of links, linkDepth}</c>.</summary>
    public static int EncodeInlink(ReadOnlySpan<byte> linkDigests, int linkDepth, Span<byte> destination) =>
        Encode(linkDigests, Inlink(linkDigests.Length / CidEncoding.DigestLength, linkDepth), destination);

    public static byte[] EncodeInlink(ReadOnlySpan<byte> linkDigests, int linkDepth)
    {
        var linkCount = linkDigests.Length / CidEncoding.DigestLength;
        var bytes = new byte[GetInlinkLength(linkCount, linkDepth)];
        EncodeInlink(linkDigests, linkDepth, bytes);
        return bytes;
    }

    /// <summary>The root File node of chunked (or empty) content: <c>{linkDepth, size, name, uploadOptions}</c>.</summary>
    public static byte[] EncodeRoot(
        ReadOnlySpan<byte> linkDigests, int linkDepth, long size, ReadOnlySpan<byte> name, ReadOnlySpan<byte> uploadOptions) =>
        Encode(linkDigests, new IpldNodeData
        {
            Type = DagNodeType.File,
            LinkDepth = linkDepth,
            Size = size,
            HasName = true,
            Name = name,
            HasUploadOptions = true,
            UploadOptions = uploadOptions,
        });

    private static int GetInlinkLength(int linkCount, int linkDepth) => GetEncodedLength(linkCount, Inlink(linkCount, linkDepth));

    private static IpldNodeData FileChunk(int dataLength, ReadOnlySpan<byte> data) => new()
    {
        Type = DagNodeType.FileChunk,
        Size = dataLength,
        HasData = true,
        Data = data,
    };

    private static IpldNodeData Inlink(int linkCount, int linkDepth) => new()
    {
        Type = DagNodeType.FileInlink,
        LinkDepth = linkDepth,
        Size = linkCount,
    };
}
