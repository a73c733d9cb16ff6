using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;

namespace AutoDrive.Application.Native;

/// <summary>
/// The native API's objects: lists (roots, shared, trash, published), search, summary, metadata and status, and what
/// owners do with them (share, publish, trash, restore). Who may read what: an owner (uploader or viewer) reads their
/// objects; anyone authenticated reads a published one; everyone else is told it does not exist. Names and CIDs of
/// another user's unpublished objects never appear in anyone else's lists or search.
/// </summary>
public sealed class NativeObjectService(
    INativeObjectQuery objects,
    IOwnershipRepository ownerships,
    IPublicationRepository publications,
    IUserRepository users,
    IDsnStorage dsn,
    IUnitOfWork unitOfWork,
    TimeProvider time)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public const int DefaultSearchLimit = 5;
    public const int MaxSearchLimit = 100;

    public Task<ObjectPage> ListRootsAsync(Guid userId, RootsView view, int? limit, int? offset, CancellationToken cancellationToken) =>
        objects.ListRootsAsync(userId, view, Clamp(limit, DefaultPageSize, MaxPageSize, "limit"), Clamp(offset, 0, int.MaxValue, "offset"), cancellationToken);

    /// <summary>Search by a name fragment or a CID: in the caller's objects, or (global) in published ones.</summary>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(Guid userId, string? text, bool global, int? limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException(ErrorKind.InvalidArgument, "Search needs a name fragment or a CID ('cid').");
        }

        if (text.Length > 1024 || text.Contains('\0', StringComparison.Ordinal))
        {
            throw new DomainException(ErrorKind.InvalidArgument, "A search text is at most 1024 characters, without NUL.");
        }

        return objects.SearchAsync(userId, global, text.Trim(), Clamp(limit, DefaultSearchLimit, MaxSearchLimit, "limit"), cancellationToken);
    }

    public async Task<ObjectSummaryView> GetSummaryAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var access = await RequireReadableAsync(userId, cid, cancellationToken);
        return await SummaryAsync(userId, access.Content!, cancellationToken);
    }

    public async Task<ObjectMetadataView> GetMetadataAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var access = await RequireReadableAsync(userId, cid, cancellationToken);
        return await MetadataAsync(access.Content!, cancellationToken);
    }

    public async Task<DsnContentStatus> GetStatusAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var access = await RequireReadableAsync(userId, cid, cancellationToken);
        return await StatusAsync(access.Content!, cancellationToken);
    }

    public async Task<ObjectInfoView> GetObjectAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var access = await RequireReadableAsync(userId, cid, cancellationToken);
        var parsed = Cid.Parse(access.Content!.Cid);
        var publication = await publications.FindByPublisherAsync(parsed, userId, cancellationToken);
        return new ObjectInfoView(
            await SummaryAsync(userId, access.Content, cancellationToken),
            await MetadataAsync(access.Content, cancellationToken),
            publication?.Id);
    }

    /// <summary>An uploader shares the object with another user, by that user's public id.</summary>
    public async Task ShareAsync(Guid userId, string cid, string? targetPublicId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(targetPublicId))
        {
            throw new DomainException(ErrorKind.InvalidArgument, "Share needs the publicId of the user to share with.");
        }

        var (parsed, _) = await RequireUploaderAsync(userId, cid, cancellationToken);
        var target = await users.FindByPublicIdAsync(targetPublicId.Trim(), cancellationToken)
            ?? throw new DomainException(ErrorKind.NotFound, "No user has this publicId.");
        if (target.Id == userId)
        {
            return;
        }

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                await ownerships.ShareAsync(parsed, userId, target.Id, time.GetUtcNow(), ct);
                return true;
            },
            cancellationToken);
    }

    /// <summary>An uploader publishes the object; answers the publication's id (the same one when already published).</summary>
    public async Task<string> PublishAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var (parsed, _) = await RequireUploaderAsync(userId, cid, cancellationToken);
        return await unitOfWork.ExecuteAsync(
            async ct =>
            {
                if (await publications.FindByPublisherAsync(parsed, userId, ct) is { } existing)
                {
                    return existing.Id;
                }

                var publication = Publication.Publish(parsed, userId, time.GetUtcNow());
                publications.Add(publication);
                return publication.Id;
            },
            cancellationToken);
    }

    /// <summary>Withdraws the caller's publication of the object: its public id no longer downloads.</summary>
    public async Task UnpublishAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var parsed = await RequireHolderAsync(userId, cid, cancellationToken);
        await publications.RemoveAsync(parsed, userId, cancellationToken);
    }

    /// <summary>Moves the object to the caller's trash (hidden from their lists and S3 view); nothing is erased.</summary>
    public async Task TrashAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var parsed = await RequireHolderAsync(userId, cid, cancellationToken);
        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                await ownerships.TrashAsync(userId, parsed, time.GetUtcNow(), ct);
                return true;
            },
            cancellationToken);
    }

    public async Task RestoreAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var parsed = await RequireHolderAsync(userId, cid, cancellationToken);
        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                await ownerships.RestoreAsync(userId, parsed, ct);
                return true;
            },
            cancellationToken);
    }

    /// <summary>The content, when the caller may read it; otherwise it does not exist for them (404).</summary>
    internal async Task<ObjectAccess> RequireReadableAsync(Guid? userId, string cid, CancellationToken cancellationToken)
    {
        var access = await objects.GetAccessAsync(userId, ParseCid(cid), cancellationToken);
        return access.CanRead ? access : throw NotFound();
    }

    internal static Cid ParseCid(string? cid) =>
        Cid.IsValid(cid) ? Cid.Parse(cid) : throw new DomainException(ErrorKind.InvalidArgument, "Not a valid CID (a base32 CIDv1, 'bafkr6i…').");

    private async Task<ObjectSummaryView> SummaryAsync(Guid userId, StoredContent content, CancellationToken cancellationToken)
    {
        var cid = Cid.Parse(content.Cid);
        var owners = await objects.ListOwnersAsync(cid, userId, cancellationToken);
        var children = content.Kind == ContentKind.Folder ? await objects.ListFolderEntriesAsync(cid, cancellationToken) : null;
        return new ObjectSummaryView(NativeObjectRow.From(content), owners, await StatusAsync(content, cancellationToken), children);
    }

    private async Task<ObjectMetadataView> MetadataAsync(StoredContent content, CancellationToken cancellationToken)
    {
        var cid = Cid.Parse(content.Cid);
        if (content.Kind == ContentKind.Folder)
        {
            return new ObjectMetadataView(NativeObjectRow.From(content), null, await objects.ListFolderEntriesAsync(cid, cancellationToken));
        }

        var layout = await dsn.DescribeFileAsync(cid, cancellationToken) ?? throw Unreachable();
        return new ObjectMetadataView(NativeObjectRow.From(content), layout, null);
    }

    private async Task<DsnContentStatus> StatusAsync(StoredContent content, CancellationToken cancellationToken) =>
        await dsn.GetStatusAsync(Cid.Parse(content.Cid), cancellationToken) ?? throw Unreachable();

    /// <summary>The caller holds the object (uploaded it, or it was shared with them).</summary>
    private async Task<Cid> RequireHolderAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var parsed = ParseCid(cid);
        return await ownerships.FindAsync(userId, parsed, cancellationToken) is not null ? parsed : throw NotFound();
    }

    /// <summary>The caller uploaded the object: only an uploader shares or publishes it.</summary>
    private async Task<(Cid Cid, ContentOwnership Hold)> RequireUploaderAsync(Guid userId, string cid, CancellationToken cancellationToken)
    {
        var parsed = ParseCid(cid);
        var hold = await ownerships.FindAsync(userId, parsed, cancellationToken) ?? throw NotFound();
        return hold.Role == OwnerRole.Admin
            ? (parsed, hold)
            : throw new DomainException(ErrorKind.AccessDenied, "Only a user who uploaded this object may share or publish it; it was shared with you.");
    }

    private static int Clamp(int? value, int fallback, int max, string name) =>
        value switch
        {
            null => fallback,
            < 0 => throw new DomainException(ErrorKind.InvalidArgument, $"'{name}' is a non-negative integer."),
            _ => Math.Min(value.Value, max),
        };

    private static DomainException NotFound() => new(ErrorKind.NotFound, "No such object.");

    private static DomainException Unreachable() =>
        new(ErrorKind.ServiceUnavailable, "The object's content is not reachable on the storage network right now. Please retry.");
}
