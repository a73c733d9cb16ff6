namespace AutoDrive.Domain.Native;

/// <summary>A file of a folder tree: its id, its name, and its path from the folder (its S3 key in bucket <c>default</c>).</summary>
public sealed record FolderTreeFile(string Id, string Name, string Path);
