using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Native;

/// <summary>The read side of the native API's objects; returns DTOs, one query each.</summary>
public interface INativeObjectQuery
{
    /// <summary>The content, the caller's hold on it and whether anyone published it.</summary>
    Task<ObjectAccess> GetAccessAsync(Guid? userId, Cid cid, CancellationToken cancellationToken);

    /// <summary>A page of roots, most recent first, and how many there are in all.</summary>
    Task<ObjectPage> ListRootsAsync(Guid userId, RootsView view, int limit, int offset, CancellationToken cancellationToken);

    /// <summary>Contents whose name contains <paramref name="text"/> (case-insensitive), then the content whose CID it is: among the user's objects, or among published ones.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(Guid userId, bool published, string text, int limit, CancellationToken cancellationToken);

    /// <summary>The owners of a content that the caller may know of: themselves, whom they shared it with, who shared it with them.</summary>
    Task<IReadOnlyList<OwnerRow>> ListOwnersAsync(Cid cid, Guid? callerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<FolderEntry>> ListFolderEntriesAsync(Cid folder, CancellationToken cancellationToken);
}

/// <summary>What a roots page lists.</summary>
public enum RootsView
{
    /// <summary>The caller's own roots, not trashed (S3 objects included).</summary>
    Mine,

    /// <summary>Roots others shared with the caller, not trashed.</summary>
    Shared,

    /// <summary>The caller's trash.</summary>
    Trashed,

    /// <summary>Roots that their owners published, from every user.</summary>
    Published,
}

/// <summary>A content as the native API lists it.</summary>
public sealed record NativeObjectRow(
    string Cid, ContentKind Kind, string Name, long Size, string? MimeType, UploadOptions Options, long NodeCount, DateTimeOffset CreatedAt)
{
    public static NativeObjectRow From(StoredContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new NativeObjectRow(content.Cid, content.Kind, content.Name, content.Size, content.MimeType, content.Options, content.NodeCount, content.CreatedAt);
    }
}

public sealed record ObjectPage(IReadOnlyList<NativeObjectRow> Rows, long TotalCount);

public sealed record SearchHit(string Cid, string Name);

public sealed record OwnerRow(string PublicId, OwnerRole Role);

/// <summary>A content (null when nothing is stored under the CID), the caller's hold on it, and whether it is published.</summary>
public sealed record ObjectAccess(StoredContent? Content, ContentOwnership? Hold, bool Published)
{
    /// <summary>Owners (whatever their role) read it; anyone authenticated reads a published content.</summary>
    public bool CanRead => Content is not null && (Hold is not null || Published);
}
