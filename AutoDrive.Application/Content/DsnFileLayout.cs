using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>
/// How a stored file sits on the DSN: its node count and its data chunks (the FileChunk nodes in content order; a file
/// of one chunk is its single File node). <see cref="Chunks"/> is produced lazily.
/// </summary>
public sealed record DsnFileLayout(long NodeCount, int ChunkCount, IEnumerable<DsnChunk> Chunks);

/// <summary>A data node of a file: its CID and the content bytes it carries.</summary>
public sealed record DsnChunk(Cid Cid, long Size);
