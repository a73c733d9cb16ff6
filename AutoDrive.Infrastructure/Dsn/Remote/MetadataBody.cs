namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>The remote's <c>GET objects/{cid}/metadata</c> (the fields the adapter reads).</summary>
public sealed record MetadataBody(string? Type, string? DataCid, long TotalSize, long TotalChunks, IReadOnlyList<MetadataChunk>? Chunks);
