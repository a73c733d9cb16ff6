namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>Chunk digests of a staged part, valid at its actual offset: the first chunk's object offset and the digests.</summary>
internal sealed record PartGrid(long FirstBoundary, int Count, byte[] Digests);
