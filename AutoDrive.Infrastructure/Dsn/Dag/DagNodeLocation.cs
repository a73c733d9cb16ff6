namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// A node's position in a file DAG: the root; inlink <paramref name="Index"/> at link depth
/// <paramref name="LinkDepth"/> (from 1); or chunk <paramref name="Index"/> (link depth 0).
/// </summary>
public readonly record struct DagNodeLocation(DagNodeKind Kind, int LinkDepth, int Index)
{
    public static DagNodeLocation Root => new(DagNodeKind.Root, 0, 0);

    public static DagNodeLocation Chunk(int index) => new(DagNodeKind.Chunk, 0, index);

    public static DagNodeLocation Inlink(int linkDepth, int index) => new(DagNodeKind.Inlink, linkDepth, index);
}
