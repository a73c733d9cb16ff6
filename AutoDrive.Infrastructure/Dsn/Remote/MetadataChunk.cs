namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>A data chunk in the remote's metadata: its size and CID.</summary>
public sealed record MetadataChunk(long Size, string? Cid);
