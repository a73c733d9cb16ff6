namespace AutoDrive.Api.Native.Uploads;

/// <summary><c>POST /api/uploads/folder/{uploadId}/file</c>: one file of the folder's tree.</summary>
public sealed record CreateFolderFileRequest
{
    /// <example>cat.jpg</example>
    public string? Name { get; init; }

    /// <example>image/jpeg</example>
    public string? MimeType { get; init; }

    /// <summary>The file's id in the folder's tree.</summary>
    /// <example>photos/cat.jpg</example>
    public string? RelativeId { get; init; }

    public UploadOptionsDto? UploadOptions { get; init; }
}
