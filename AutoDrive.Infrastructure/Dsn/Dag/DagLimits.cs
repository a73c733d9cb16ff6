namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>The fixed shape parameters of an Auto Drive file DAG (auto-dag-data 1.6.x defaults).</summary>
public static class DagLimits
{
    /// <summary>The largest encoded node the DSN accepts.</summary>
    public const int MaxNodeSize = 65_535;

    /// <summary>Bytes reserved in every node for its metadata (type, depth, size, name, options, spare).</summary>
    public const int NodeMetadataSize = 469;

    /// <summary>The content bytes carried by one chunk node: <c>65,535 - 469</c>.</summary>
    public const int ChunkSize = MaxNodeSize - NodeMetadataSize;

    /// <summary>Links in one inlink or root node: <c>floor(65,066 / 40)</c>.</summary>
    public const int MaxLinksPerNode = ChunkSize / 40;

    /// <summary>The longest file name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;
}
