using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Native;

/// <summary>Users' holds on contents: trash, restore and share, each over a content and (for a folder) what it holds.</summary>
public interface IOwnershipRepository
{
    Task<ContentOwnership?> FindAsync(Guid userId, Cid cid, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the user's hold on <paramref name="cid"/> to their trash, with the members of a folder that are not roots of
    /// theirs, and hides every key of theirs pointing at any of them. Idempotent.
    /// </summary>
    Task TrashAsync(Guid userId, Cid cid, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The reverse of <see cref="TrashAsync"/>.</summary>
    Task RestoreAsync(Guid userId, Cid cid, CancellationToken cancellationToken);

    /// <summary>
    /// Gives <paramref name="toUserId"/> a viewer's hold on the content and on what a folder holds, shared by
    /// <paramref name="fromUserId"/>; a hold they already have is kept as it is.
    /// </summary>
    Task ShareAsync(Cid cid, Guid fromUserId, Guid toUserId, DateTimeOffset now, CancellationToken cancellationToken);
}
