namespace AutoDrive.Domain.Native;

public enum NativeUploadStatus
{
    /// <summary>Open: chunks (of a file) or file uploads (of a folder) are accepted.</summary>
    Pending = 0,

    /// <summary>A completion is running (or was interrupted, and may be run again); no more chunks are accepted.</summary>
    Completing = 1,

    /// <summary>Stored under <see cref="NativeUpload.Cid"/>.</summary>
    Completed = 2,
}
