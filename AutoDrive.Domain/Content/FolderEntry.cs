namespace AutoDrive.Domain.Content;

/// <summary>A child of a stored folder, at its position among the folder's links: a file or a folder, by CID.</summary>
public sealed record FolderEntry(int Position, Cid Cid, ContentKind Kind, string Name, long Size);
