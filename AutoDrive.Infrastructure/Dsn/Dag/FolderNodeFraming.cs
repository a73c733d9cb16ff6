using System.Buffers.Binary;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// How a folder's encoded DAG nodes are kept, by the local store (its <c>.folder</c> files) and by the network adapter
/// (the database): each node as a 4-byte big-endian length and its bytes, in order.
/// </summary>
internal static class FolderNodeFraming
{
    public const int LengthSize = 4;

    public static byte[] Frame(IReadOnlyList<byte[]> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var framed = new byte[nodes.Sum(n => LengthSize + n.Length)];
        var offset = 0;
        foreach (var node in nodes)
        {
            BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(offset), node.Length);
            node.CopyTo(framed.AsSpan(offset + LengthSize));
            offset += LengthSize + node.Length;
        }

        return framed;
    }

    public static IReadOnlyList<byte[]> Unframe(ReadOnlySpan<byte> framed)
    {
        var nodes = new List<byte[]>();
        for (var offset = 0; offset < framed.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(framed[offset..]);
            nodes.Add(framed.Slice(offset + LengthSize, length).ToArray());
            offset += LengthSize + length;
        }

        return nodes;
    }
}
