using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

public interface IStoredContentRepository
{
    /// <summary>
    /// Records the content (once per CID) and the user's hold on it, idempotently and race-free. A hold only ever grows:
    /// an upload makes a viewer an admin, and a root upload makes a folder member a root. Recording a content the user
    /// had trashed takes it (and every key of theirs pointing at it) out of the trash: they uploaded it again.
    /// </summary>
    Task RecordAsync(StoredContent content, ContentOwnership ownership, CancellationToken cancellationToken);

    /// <summary>Records a folder and its entries (once per CID).</summary>
    Task RecordFolderAsync(StoredContent folder, IReadOnlyList<FolderEntry> entries, CancellationToken cancellationToken);

    Task<StoredContent?> FindAsync(Cid cid, CancellationToken cancellationToken);
}
