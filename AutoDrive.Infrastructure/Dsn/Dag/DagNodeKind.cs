namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>Where a node sits in a file DAG.</summary>
public enum DagNodeKind
{
    /// <summary>The File root (which carries the content itself for a single-node file).</summary>
    Root,

    /// <summary>A FileInlink node.</summary>
    Inlink,

    /// <summary>A FileChunk node.</summary>
    Chunk,
}
