namespace AutoDrive.Domain.Native;

public enum NativeUploadKind
{
    File = 0,
    Folder = 1,
}
