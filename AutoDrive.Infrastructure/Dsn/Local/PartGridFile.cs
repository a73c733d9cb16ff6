using System.Buffers.Binary;
using System.Security.Cryptography;
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// The chunk digests a part computed while it streamed in (<see cref="GridChunkDigests"/>), kept beside the staged
/// part as <c>&lt;part&gt;.grid</c>: assumed offset, first grid boundary, part length, count, the digests, and a
/// SHA-256 of all that. A missing or damaged file only means the part is read and hashed again, so it is written
/// without fsync.
/// </summary>
internal static class PartGridFile
{
    public const string Extension = ".grid";
    private const int HeaderLength = 8 + 8 + 8 + 4;

    public static void Write(string path, GridChunkDigests grid, long partLength)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var body = new byte[HeaderLength + grid.Digests.Length];
        BinaryPrimitives.WriteInt64LittleEndian(body, grid.AssumedOffset);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), grid.FirstBoundary);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(16), partLength);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(24), grid.Count);
        grid.Digests.CopyTo(body.AsSpan(HeaderLength));
        using var file = new FileStream(path, PrivateFiles.Create(FileMode.Create));
        file.Write(body);
        file.Write(SHA256.HashData(body));
    }

    /// <summary>The part's grid digests when they were computed for <paramref name="offset"/> and check out.</summary>
    public static PartGrid? TryRead(string path, long offset, long partLength)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderLength + SHA256.HashSizeInBytes)
        {
            return null;
        }

        var body = bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes);
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[24..]);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(body.Length))
            || count < 0 || body.Length != HeaderLength + (count * CidEncoding.DigestLength)
            || BinaryPrimitives.ReadInt64LittleEndian(body) != offset
            || BinaryPrimitives.ReadInt64LittleEndian(body[16..]) != partLength)
        {
            return null;
        }

        return new PartGrid(BinaryPrimitives.ReadInt64LittleEndian(body[8..]), count, body[HeaderLength..].ToArray());
    }
}
