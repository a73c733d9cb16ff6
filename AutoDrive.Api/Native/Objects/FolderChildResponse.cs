using AutoDrive.Domain.Content;

namespace AutoDrive.Api.Native.Objects;

/// <summary>A child of a folder, in link order.</summary>
public sealed record FolderChildResponse
{
    /// <example>file</example>
    public required string Type { get; init; }

    /// <example>cat.jpg</example>
    public required string Name { get; init; }

    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string Cid { get; init; }

    /// <example>52311</example>
    public required long TotalSize { get; init; }

    public static FolderChildResponse From(FolderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new FolderChildResponse { Type = Kind(entry.Kind), Name = entry.Name, Cid = entry.Cid.Value, TotalSize = entry.Size };
    }

    public static string Kind(ContentKind kind) => kind == ContentKind.Folder ? "folder" : "file";
}
