using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>A folder's DAG: its root CID and every node it adds (FolderInlink nodes, then the Folder root), encoded.</summary>
public sealed record FolderDag(Cid RootCid, IReadOnlyList<byte[]> Nodes)
{
    public long NodeCount => Nodes.Count;
}
