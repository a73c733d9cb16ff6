using System.Buffers.Binary;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn.Dag;
using Blake3;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// The <c>&lt;cid&gt;.dag</c> sidecar of a stored content: everything, besides the content bytes, needed to
/// regenerate every node of its DAG. Little-endian binary:
/// <code>
/// "AUTODAG" 0x01          magic and format version (8 bytes)
/// int64   size            content length
/// int32   rootLinkDepth   0 single node, 1 flat, n: n-1 inlink levels
/// byte[32] root digest    BLAKE3 of the root node (the CID's digest)
/// uint8   nameLength, then the UTF-8 name
/// uint8   option flags    1 compression, 2 compression level, 4 compression chunk size,
///                         8 encryption, 16 encryption chunk size
/// int32 × 5               compression algorithm, level, chunk size, encryption algorithm, chunk size (0 if absent)
/// int32   chunkCount, then chunkCount × 32-byte FileChunk digests in content order
/// int32   levelCount, then per inlink level (link depth 1 first): int32 count, count × 32-byte digests
/// byte[32]                BLAKE3 of all the bytes above
/// </code>
/// Reading checks the checksum, the shape against the size and the root digest against the root node rebuilt
/// from the recorded links (for chunked and empty content).
/// </summary>
internal static class DagManifestFile
{
    private const byte Compression = 1;
    private const byte CompressionLevel = 2;
    private const byte CompressionChunkSize = 4;
    private const byte Encryption = 8;
    private const byte EncryptionChunkSize = 16;

    private static ReadOnlySpan<byte> Magic => "AUTODAG\u0001"u8;

    /// <summary>
    /// Writes the manifest to a new file and flushes it to stable storage, unless <paramref name="flushToDisk"/> is
    /// false (with group commit, one flush of the file system makes it durable with the content).
    /// </summary>
    public static void Write(FileDag dag, string path, bool flushToDisk = true)
    {
        using var file = new FileStream(path, PrivateFiles.NewFile(64 * 1024));
        using var writer = new HashingWriter(file);
        writer.Write(Magic);
        Span<byte> scalar = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(scalar, dag.Size);
        writer.Write(scalar);
        writer.WriteInt32(dag.RootLinkDepth);
        writer.Write(dag.RootDigest);
        writer.Write([(byte)dag.NameUtf8.Length]);
        writer.Write(dag.NameUtf8);
        WriteOptions(writer, dag.Options);
        WriteDigests(writer, dag.Chunks);
        writer.WriteInt32(dag.Levels.Count);
        foreach (var level in dag.Levels)
        {
            WriteDigests(writer, level);
        }

        Span<byte> checksum = stackalloc byte[CidEncoding.DigestLength];
        writer.Complete(checksum);
        file.Write(checksum);
        file.Flush(flushToDisk);
    }

    /// <summary>Reads and checks a manifest.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid manifest.</exception>
    public static FileDag Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length + CidEncoding.DigestLength || !bytes.StartsWith(Magic))
        {
            throw Invalid("not a DAG manifest");
        }

        var body = bytes[..^CidEncoding.DigestLength];
        Span<byte> checksum = stackalloc byte[CidEncoding.DigestLength];
        Hasher.Hash(body, checksum);
        if (!checksum.SequenceEqual(bytes[^CidEncoding.DigestLength..]))
        {
            throw Invalid("checksum mismatch");
        }

        var reader = new SpanReader(body[Magic.Length..]);
        var size = reader.ReadInt64();
        var rootLinkDepth = reader.ReadInt32();
        var rootDigest = reader.Read(CidEncoding.DigestLength);
        var name = System.Text.Encoding.UTF8.GetString(reader.Read(reader.ReadByte()));
        var options = ReadOptions(ref reader);
        var chunks = ReadDigests(ref reader);
        var levelCount = reader.ReadInt32();
        if (levelCount is < 0 or > 8)
        {
            throw Invalid("bad level count");
        }

        var levels = new DigestList[levelCount];
        for (var i = 0; i < levelCount; i++)
        {
            levels[i] = ReadDigests(ref reader);
        }

        if (!reader.IsEmpty)
        {
            throw Invalid("trailing bytes");
        }

        CheckShape(size, rootLinkDepth, chunks, levels);
        var dag = new FileDag(name, options, size, rootLinkDepth, rootDigest, chunks, levels);
        if (!dag.IsSingleNode)
        {
            Span<byte> rebuilt = stackalloc byte[CidEncoding.DigestLength];
            Hasher.Hash(dag.EncodeChunkedRoot(), rebuilt);
            if (!rebuilt.SequenceEqual(rootDigest))
            {
                throw Invalid("the recorded links do not hash to the root");
            }
        }

        return dag;
    }

    private static void CheckShape(long size, int rootLinkDepth, DigestList chunks, DigestList[] levels)
    {
        var shapeIsValid = size switch
        {
            < 0 => false,
            0 => rootLinkDepth == 1 && chunks.Count == 0 && levels.Length == 0,
            <= DagLimits.ChunkSize => rootLinkDepth == 0 && chunks.Count == 0 && levels.Length == 0,
            _ => rootLinkDepth == levels.Length + 1 && LevelsAreValid(size, chunks, levels),
        };
        if (!shapeIsValid)
        {
            throw Invalid("the node counts do not fit the content size");
        }
    }

    private static bool LevelsAreValid(long size, DigestList chunks, DigestList[] levels)
    {
        var expected = (size + DagLimits.ChunkSize - 1) / DagLimits.ChunkSize;
        if (chunks.Count != expected)
        {
            return false;
        }

        foreach (var level in levels)
        {
            if (expected <= DagLimits.MaxLinksPerNode)
            {
                return false;
            }

            expected = (expected + DagLimits.MaxLinksPerNode - 1) / DagLimits.MaxLinksPerNode;
            if (level.Count != expected)
            {
                return false;
            }
        }

        return expected <= DagLimits.MaxLinksPerNode;
    }

    private static void WriteOptions(HashingWriter writer, UploadOptions options)
    {
        var flags = (byte)((options.Compression is null ? 0 : Compression)
            | (options.Compression?.Level is null ? 0 : CompressionLevel)
            | (options.Compression?.ChunkSize is null ? 0 : CompressionChunkSize)
            | (options.Encryption is null ? 0 : Encryption)
            | (options.Encryption?.ChunkSize is null ? 0 : EncryptionChunkSize));
        writer.Write([flags]);
        writer.WriteInt32((int)(options.Compression?.Algorithm ?? default));
        writer.WriteInt32(options.Compression?.Level ?? 0);
        writer.WriteInt32(options.Compression?.ChunkSize ?? 0);
        writer.WriteInt32((int)(options.Encryption?.Algorithm ?? default));
        writer.WriteInt32(options.Encryption?.ChunkSize ?? 0);
    }

    private static UploadOptions ReadOptions(ref SpanReader reader)
    {
        var flags = reader.ReadByte();
        var compressionAlgorithm = (CompressionAlgorithm)reader.ReadInt32();
        var level = reader.ReadInt32();
        var compressionChunkSize = reader.ReadInt32();
        var encryptionAlgorithm = (EncryptionAlgorithm)reader.ReadInt32();
        var encryptionChunkSize = reader.ReadInt32();
        var compression = (flags & Compression) == 0
            ? null
            : new CompressionOptions(
                compressionAlgorithm,
                (flags & CompressionLevel) == 0 ? null : level,
                (flags & CompressionChunkSize) == 0 ? null : compressionChunkSize);
        var encryption = (flags & Encryption) == 0
            ? null
            : new EncryptionOptions(encryptionAlgorithm, (flags & EncryptionChunkSize) == 0 ? null : encryptionChunkSize);
        return compression is null && encryption is null ? UploadOptions.None : new UploadOptions(compression, encryption);
    }

    private static void WriteDigests(HashingWriter writer, DigestList digests)
    {
        writer.WriteInt32(digests.Count);
        for (var group = 0; group < digests.GroupCount; group++)
        {
            writer.Write(digests.GetGroup(group));
        }
    }

    private static DigestList ReadDigests(ref SpanReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || (long)count * CidEncoding.DigestLength > reader.Remaining)
        {
            throw Invalid("bad digest count");
        }

        var digests = new DigestList();
        for (var i = 0; i < count; i++)
        {
            digests.Add(reader.Read(CidEncoding.DigestLength));
        }

        return digests;
    }

    private static InvalidDataException Invalid(string reason) => new($"Invalid DAG manifest: {reason}.");

    /// <summary>Writes to a stream and hashes what it writes.</summary>
    private sealed class HashingWriter(Stream stream) : IDisposable
    {
        private Hasher _hasher = Hasher.New();

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _hasher.Update(bytes);
            stream.Write(bytes);
        }

        public void WriteInt32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            Write(bytes);
        }

        public void Complete(Span<byte> digest) => _hasher.Finalize(digest);

        public void Dispose() => _hasher.Dispose();
    }

    /// <summary>Reads little-endian fields off a span; a read past the end is an invalid manifest.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _bytes = bytes;

        public readonly bool IsEmpty => _bytes.IsEmpty;

        public readonly int Remaining => _bytes.Length;

        public ReadOnlySpan<byte> Read(int length)
        {
            if (length > _bytes.Length)
            {
                throw Invalid("truncated");
            }

            var value = _bytes[..length];
            _bytes = _bytes[length..];
            return value;
        }

        public byte ReadByte() => Read(1)[0];

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Read(4));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Read(8));
    }
}
