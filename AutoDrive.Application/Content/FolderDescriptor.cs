using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>What a folder's CID is made of: its name and its children's CIDs and sizes, in order.</summary>
public sealed record FolderDescriptor(string Name, IReadOnlyList<FolderChild> Children);

/// <summary>A child of a folder being stored.</summary>
public sealed record FolderChild(Cid Cid, long Size);
