using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;

namespace AutoDrive.Application.Native;

public interface IPublicationRepository
{
    Task<Publication?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The user's publication of the content, if any.</summary>
    Task<Publication?> FindByPublisherAsync(Cid cid, Guid userId, CancellationToken cancellationToken);

    void Add(Publication publication);

    /// <summary>Removes every publication of the content by the user; true when there was one.</summary>
    Task<bool> RemoveAsync(Cid cid, Guid userId, CancellationToken cancellationToken);
}
