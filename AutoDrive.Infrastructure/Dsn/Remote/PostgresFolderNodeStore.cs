using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using Npgsql;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// Folder DAG nodes in the shared PostgreSQL (table <c>dsn_folder_nodes</c>), framed as the local store's folder files
/// are (<see cref="FolderNodeFraming"/>). A folder is a few bytes per child.
/// </summary>
internal sealed class PostgresFolderNodeStore(NpgsqlDataSource dataSource) : IFolderNodeStore
{
    public async Task<bool> SaveAsync(Cid cid, IReadOnlyList<byte[]> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var framed = FolderNodeFraming.Frame(nodes);
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
