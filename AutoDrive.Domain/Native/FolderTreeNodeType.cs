namespace AutoDrive.Domain.Native;

public enum FolderTreeNodeType
{
    File = 0,
    Folder = 1,
}
