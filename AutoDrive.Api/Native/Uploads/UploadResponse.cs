using AutoDrive.Application.Native;
using AutoDrive.Domain.Native;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>An upload (Auto Drive's FileUpload / FolderUpload shape).</summary>
public sealed record UploadResponse
{
    /// <example>q3bF0k2kq8Jd8Yb0P7fQ0qv3m6d7WfGq0mZ8r5Xc9aA</example>
    public required string Id { get; init; }

    /// <summary>The folder upload a file belongs to, or the upload itself.</summary>
    /// <example>q3bF0k2kq8Jd8Yb0P7fQ0qv3m6d7WfGq0mZ8r5Xc9aA</example>
    public required string RootId { get; init; }

    public string? RelativeId { get; init; }

    /// <example>file</example>
    public required string Type { get; init; }

    /// <example>pending</example>
    public required string Status { get; init; }

    public FolderTreeDto? FileTree { get; init; }

    /// <example>report.pdf</example>
    public required string Name { get; init; }

    /// <example>application/pdf</example>
    public string? MimeType { get; init; }

    /// <example>apikey</example>
    public required string OauthProvider { get; init; }

    /// <summary>The uploader's public id.</summary>
    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string OauthUserId { get; init; }

    public required UploadOptionsDto UploadOptions { get; init; }

    /// <summary>The CID, once completed.</summary>
    public string? Cid { get; init; }

    public static UploadResponse From(UploadInfo upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return new UploadResponse
        {
            Id = upload.Id,
            RootId = upload.RootId,
            RelativeId = upload.RelativeId,
            Type = upload.Kind == NativeUploadKind.Folder ? "folder" : "file",
            Status = upload.Status.ToString().ToLowerInvariant(),
            FileTree = upload.FileTree is { } tree ? FolderTreeDto.From(tree) : null,
            Name = upload.Name,
            MimeType = upload.MimeType,
            OauthProvider = NativeIdentity.Provider,
            OauthUserId = upload.OwnerPublicId,
            UploadOptions = UploadOptionsDto.From(upload.Options),
            Cid = upload.Cid,
        };
    }
}
