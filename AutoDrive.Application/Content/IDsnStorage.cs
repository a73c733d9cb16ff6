using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>
/// The port to the Distributed Storage Network. Adapters: the embedded local content-addressed store
/// (default) and a client of the native Auto Drive API. Content is written as a stream of bytes and comes
/// back with its CID, computed exactly as Auto Drive does.
/// </summary>
public interface IDsnStorage
{
    /// <summary>Starts a new content. Bytes are pushed in order, then committed (or the writer is disposed
    /// to discard them).</summary>
    Task<IDsnContentWriter> BeginWriteAsync(ContentDescriptor descriptor, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="length"/> bytes of a stored content from <paramref name="offset"/>, or null when
    /// the CID is not stored. The range must lie within the content.
    /// </summary>
    Task<Stream?> OpenReadAsync(Cid cid, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Whether a content (a file or a folder) is stored under this CID.</summary>
    Task<bool> ExistsAsync(Cid cid, CancellationToken cancellationToken);

    /// <summary>
    /// Builds and stores the DAG of a folder from its children (already stored), durably; returns its CID and node count.
    /// Storing the same folder again is a no-op that returns the same.
    /// </summary>
    Task<DsnStoredContent> StoreFolderAsync(FolderDescriptor folder, CancellationToken cancellationToken);

    /// <summary>The data chunks of a stored file, or null when no file is stored under this CID.</summary>
    Task<DsnFileLayout?> DescribeFileAsync(Cid cid, CancellationToken cancellationToken);

    /// <summary>How far a stored content is on the network, or null when nothing is stored under this CID.</summary>
    Task<DsnContentStatus?> GetStatusAsync(Cid cid, CancellationToken cancellationToken);
}
