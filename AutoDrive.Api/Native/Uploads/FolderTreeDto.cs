using System.Text.Json.Serialization;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Native;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>
/// A folder tree as the SDK sends it: <c>{name, type: "folder", id, children: [...]}</c>, files <c>{name, type: "file", id}</c>
/// where a file's id is the <c>relativeId</c> its upload names. Children are in link order (part of the folder's CID).
/// </summary>
public sealed record FolderTreeDto
{
    /// <example>photos</example>
    public string? Name { get; init; }

    /// <example>folder</example>
    public string? Type { get; init; }

    /// <example>photos</example>
    public string? Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FolderTreeDto>? Children { get; init; }

    public static FolderTreeDto From(FolderTreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Type == FolderTreeNodeType.File
            ? new FolderTreeDto { Name = node.Name, Type = "file", Id = node.Id }
            : new FolderTreeDto { Name = node.Name, Type = "folder", Id = node.Id, Children = node.Children.Select(From).ToList() };
    }

    /// <summary>The domain's tree; its shape is checked here (types), its rules by the domain.</summary>
    public FolderTreeNode ToDomain(int depth = 0)
    {
        if (depth > FolderTree.MaxDepth)
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"A folder tree is at most {FolderTree.MaxDepth} levels deep.");
        }

        return Type switch
        {
            "file" => FolderTreeNode.File(Name ?? string.Empty, Id ?? string.Empty),
            "folder" => FolderTreeNode.Folder(Name ?? string.Empty, Id ?? string.Empty, (Children ?? []).Select(c => c.ToDomain(depth + 1)).ToList()),
            _ => throw new DomainException(ErrorKind.InvalidArgument, "Every entry of a folder tree has the type \"file\" or \"folder\"."),
        };
    }
}
