using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;

namespace AutoDrive.Application.Native;

/// <summary>The chunks of native file uploads, one row each: receiving a chunk never rewrites its upload.</summary>
public interface IUploadChunkRepository
{
    /// <summary>
    /// Records a chunk, atomically with the check that its upload is still pending (a chunk racing the upload's
    /// completion is either in the completed content or refused). When the index is already taken, records nothing and
    /// returns the chunk that holds it.
    /// </summary>
    Task<ChunkReceipt> TryAddAsync(UploadChunk chunk, CancellationToken cancellationToken);

    /// <summary>The upload's chunks in index order.</summary>
    Task<IReadOnlyList<UploadChunk>> ListAsync(UploadId uploadId, CancellationToken cancellationToken);

    /// <summary>The highest index received and the size of chunk 0 (to guess where the next chunk starts).</summary>
    Task<(int? HighestIndex, long? FirstChunkSize)> GetProgressAsync(UploadId uploadId, CancellationToken cancellationToken);
}

/// <summary>What recording a chunk did: added it, found the upload no longer pending, or found the index taken.</summary>
public sealed record ChunkReceipt(bool UploadPending, UploadChunk? Existing)
{
    public bool Added => UploadPending && Existing is null;
}
