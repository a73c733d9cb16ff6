namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>The <c>MetadataType</c> enum of <c>IPLDNodeData.type</c> (OnchainMetadata.proto).</summary>
internal enum DagNodeType
{
    File = 0,
    FileInlink = 1,
    FileChunk = 2,
    Folder = 3,
    FolderInlink = 4,
    Metadata = 5,
    MetadataInlink = 6,
    MetadataChunk = 7,
}
