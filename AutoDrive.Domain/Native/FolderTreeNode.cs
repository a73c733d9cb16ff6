namespace AutoDrive.Domain.Native;

/// <summary>One entry of a folder tree: a file (with the id its upload names) or a folder with ordered children.</summary>
public sealed record FolderTreeNode(string Name, FolderTreeNodeType Type, string Id, IReadOnlyList<FolderTreeNode> Children)
{
    public static FolderTreeNode File(string name, string id) => new(name, FolderTreeNodeType.File, id, []);

    public static FolderTreeNode Folder(string name, string id, IReadOnlyList<FolderTreeNode> children) => new(name, FolderTreeNodeType.Folder, id, children);
}
