using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>Where the network adapter keeps the nodes of folder DAGs (a folder's files are on the network): every gateway must see them.</summary>
public interface IFolderNodeStore
{
    /// <summary>Keeps a folder's encoded nodes durably; false when they were kept already (a folder's CID fixes its nodes).</summary>
    Task<bool> SaveAsync(Cid cid, IReadOnlyList<byte[]> nodes, CancellationToken cancellationToken);

    /// <summary>The number of nodes of a kept folder, or null when no folder is kept under this CID.</summary>
    Task<long?> GetNodeCountAsync(Cid cid, CancellationToken cancellationToken);
}
