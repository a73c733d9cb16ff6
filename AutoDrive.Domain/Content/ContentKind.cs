namespace AutoDrive.Domain.Content;

/// <summary>What a stored content is: a file (the bytes of one upload) or a folder (a DAG linking files and folders).</summary>
public enum ContentKind
{
    File = 0,
    Folder = 1,
}
