using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

public interface IStoredContentRepository
{
    /// <summary>Records the content (once per CID) and the user as one of its owners; idempotent and race-free.</summary>
    Task RecordAsync(StoredContent content, ContentOwnership ownership, CancellationToken cancellationToken);
}
