namespace AutoDrive.Api.Native.Uploads;

/// <summary><c>POST /api/uploads/file</c>.</summary>
public sealed record CreateFileUploadRequest
{
    /// <summary>The file name: part of the CID, and the key in S3 bucket <c>default</c> (1 to 255 bytes of UTF-8).</summary>
    /// <example>report.pdf</example>
    public string? Filename { get; init; }

    /// <example>application/pdf</example>
    public string? MimeType { get; init; }

    public UploadOptionsDto? UploadOptions { get; init; }
}
