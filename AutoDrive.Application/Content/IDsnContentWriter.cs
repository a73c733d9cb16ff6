namespace AutoDrive.Application.Content;

/// <summary>
/// A content being written. <see cref="IByteSink.WriteAsync"/> calls are sequential (never concurrent) and the caller
/// may reuse its buffer as soon as the returned task completes. Disposing without a successful
/// <see cref="CommitAsync"/> discards everything written.
/// </summary>
public interface IDsnContentWriter : IByteSink, IAsyncDisposable
{
    /// <summary>Bytes accepted so far.</summary>
    long BytesWritten { get; }

    /// <summary>
    /// Makes the content durable (flushed to stable storage) and addressable by its CID, then returns it.
    /// When the same CID is already stored, the new copy is dropped and the stored one is kept.
    /// </summary>
    Task<DsnStoredContent> CommitAsync(CancellationToken cancellationToken);
}
