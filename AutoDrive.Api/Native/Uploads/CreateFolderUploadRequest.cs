namespace AutoDrive.Api.Native.Uploads;

/// <summary><c>POST /api/uploads/folder</c>.</summary>
public sealed record CreateFolderUploadRequest
{
    public FolderTreeDto? FileTree { get; init; }

    /// <summary>Recorded as sent; a folder's CID never includes options (its files carry their own).</summary>
    public UploadOptionsDto? UploadOptions { get; init; }
}
