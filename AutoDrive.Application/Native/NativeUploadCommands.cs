using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;

namespace AutoDrive.Application.Native;

/// <summary><c>POST /uploads/file</c>: a file to be sent in chunks.</summary>
public sealed record CreateFileUploadCommand(Guid OwnerId, string? Filename, string? MimeType, UploadOptions Options);

/// <summary><c>POST /uploads/folder</c>: a folder whose tree comes first and whose files are uploads of their own.</summary>
public sealed record CreateFolderUploadCommand(Guid OwnerId, FolderTreeNode? Tree, UploadOptions Options);

/// <summary><c>POST /uploads/folder/{id}/file</c>: one file of a folder upload, named by its id in the tree.</summary>
public sealed record CreateFolderFileCommand(Guid OwnerId, string FolderUploadId, string? Name, string? MimeType, string? RelativeId, UploadOptions Options);

/// <summary>
/// <c>POST /uploads/file/{id}/chunk</c>: a chunk's bytes and its index. The index may come before the bytes
/// (<see cref="IndexBeforeBody"/>) or after them, read by <see cref="ReadIndexAfterBody"/> once the body is consumed.
/// </summary>
public sealed record UploadChunkCommand(
    Guid OwnerId,
    string UploadId,
    Stream Body,
    string? IndexBeforeBody,
    Func<CancellationToken, Task<string?>> ReadIndexAfterBody);

/// <summary><c>POST /uploads/{id}/complete</c>, with the upload credits the caller had left when the request began.</summary>
public sealed record CompleteUploadCommand(Guid OwnerId, string UploadId, long? PendingUploadCredits);

/// <summary>An upload as the native API shows it.</summary>
public sealed record UploadInfo(
    string Id,
    string RootId,
    string? RelativeId,
    NativeUploadKind Kind,
    NativeUploadStatus Status,
    string Name,
    string? MimeType,
    UploadOptions Options,
    FolderTreeNode? FileTree,
    string OwnerPublicId,
    string? Cid)
{
    public static UploadInfo From(NativeUpload upload, string ownerPublicId)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return new UploadInfo(
            upload.Id, upload.RootId, upload.RelativeId, upload.Kind, upload.Status, upload.Name, upload.MimeType, upload.Options,
            upload.Tree?.Root, ownerPublicId, upload.Cid);
    }
}
