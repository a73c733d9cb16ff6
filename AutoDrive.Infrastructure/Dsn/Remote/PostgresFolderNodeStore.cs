using System.Buffers.Binary;
using AutoDrive.Domain.Content;
using Npgsql;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// Folder DAG nodes in the shared PostgreSQL (table <c>dsn_folder_nodes</c>): each node as a 4-byte big-endian length
/// and its bytes, the same framing as the local store's folder files. A folder is a few bytes per child.
/// </summary>
internal sealed class PostgresFolderNodeStore(NpgsqlDataSource dataSource) : IFolderNodeStore
{
    public async Task<bool> SaveAsync(Cid cid, IReadOnlyList<byte[]> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var framed = new byte[nodes.Sum(n => 4 + n.Length)];
        var offset = 0;
        foreach (var node in nodes)
        {
            BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(offset), node.Length);
            node.CopyTo(framed.AsSpan(offset + 4));
            offset += 4 + node.Length;
        }

        await using var command = dataSource.CreateCommand(
            "INSERT INTO dsn_folder_nodes (cid, nodes, node_count) VALUES ($1, $2, $3) ON CONFLICT (cid) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = cid.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = framed });
        command.Parameters.Add(new NpgsqlParameter { Value = nodes.Count });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<long?> GetNodeCountAsync(Cid cid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT node_count FROM dsn_folder_nodes WHERE cid = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = cid.Value });
        return await command.ExecuteScalarAsync(cancellationToken) is int count ? count : null;
    }
}
