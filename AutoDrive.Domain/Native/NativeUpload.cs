using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;

namespace AutoDrive.Domain.Native;

/// <summary>
/// An upload through the native Auto Drive API: a file sent in chunks by index, or a folder whose tree is declared first
/// and whose files are uploads of their own (<see cref="FolderId"/>). Completing a file stores its chunks in index order as
/// one content; completing a folder builds the folder's DAG from its files' CIDs. The chunks themselves are recorded
/// apart (<see cref="UploadChunk"/>), so that receiving one never rewrites the upload.
/// </summary>
public sealed class NativeUpload
{
    private byte[]? _md5;

    private NativeUpload()
    {
        Id = string.Empty;
        Name = string.Empty;
        Options = UploadOptions.None;
    }

    private NativeUpload(UploadId id, Guid ownerId, NativeUploadKind kind, string name, string? mimeType, UploadOptions options, DateTimeOffset now)
    {
        if (ownerId == Guid.Empty)
        {
            throw new ArgumentException("An upload has an owner.", nameof(ownerId));
        }

        Id = id.Value;
        OwnerId = ownerId;
        Kind = kind;
        Name = ContentName.Validate(name);
        MimeType = string.IsNullOrWhiteSpace(mimeType) ? null : mimeType.Trim();
        Options = options;
        Status = NativeUploadStatus.Pending;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public string Id { get; private set; }

    public Guid OwnerId { get; private set; }

    public NativeUploadKind Kind { get; private set; }

    /// <summary>The name in the CID: the file name, or the folder tree's root name.</summary>
    public string Name { get; private set; }

    public string? MimeType { get; private set; }

    /// <summary>The upload options as the client declared them (in a file's CID; recorded only for a folder).</summary>
    public UploadOptions Options { get; private set; }

    /// <summary>The folder upload this file belongs to; null for a file uploaded on its own, and for a folder.</summary>
    public string? FolderId { get; private set; }

    /// <summary>The id of this file in its folder's tree.</summary>
    public string? RelativeId { get; private set; }

    /// <summary>A folder's tree; null for a file.</summary>
    public FolderTree? Tree { get; private set; }

    public NativeUploadStatus Status { get; private set; }

    public string? Cid { get; private set; }

    public long? Size { get; private set; }

    /// <summary>The MD5 of a completed file's bytes (its S3 ETag).</summary>
    public Md5Digest? Md5 => _md5 is null ? null : Md5Digest.FromBytes(_md5);

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The folder upload the file belongs to, or the upload itself: the root of what is being uploaded.</summary>
    public string RootId => FolderId ?? Id;

    public static NativeUpload StartFile(UploadId id, Guid ownerId, string name, string? mimeType, UploadOptions options, DateTimeOffset now) =>
        new(id, ownerId, NativeUploadKind.File, name, mimeType, options ?? throw new ArgumentNullException(nameof(options)), now);

    public static NativeUpload StartFolder(UploadId id, Guid ownerId, FolderTree tree, UploadOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new NativeUpload(id, ownerId, NativeUploadKind.Folder, tree.Name, null, options ?? throw new ArgumentNullException(nameof(options)), now)
        {
            Tree = tree,
        };
    }

    /// <summary>A file of this folder upload: it must be one of the tree's files, under the tree's name for it.</summary>
    public NativeUpload StartMember(UploadId id, string name, string? mimeType, string relativeId, UploadOptions options, DateTimeOffset now)
    {
        if (Kind != NativeUploadKind.Folder || Tree is null)
        {
            throw new DomainException(ErrorKind.InvalidRequest, "Files are added to folder uploads only.");
        }

        EnsurePending();
        var file = Tree.FindFile(relativeId)
            ?? throw new DomainException(ErrorKind.InvalidArgument, $"The folder's tree has no file with the id \"{relativeId}\".");
        if (!string.Equals(file.Name, name, StringComparison.Ordinal))
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"The folder's tree names this file \"{file.Name}\", not \"{name}\".");
        }

        var member = new NativeUpload(id, OwnerId, NativeUploadKind.File, name, mimeType, options ?? throw new ArgumentNullException(nameof(options)), now)
        {
            FolderId = Id,
            RelativeId = relativeId,
        };
        return member;
    }

    /// <summary>A file accepts chunks while it is pending.</summary>
    public void EnsureAcceptsChunks()
    {
        if (Kind != NativeUploadKind.File)
        {
            throw new DomainException(ErrorKind.InvalidRequest, "Chunks are sent to file uploads; a folder's files are uploads of their own.");
        }

        EnsurePending();
    }

    /// <summary>Starts (or restarts, after an interruption) the completion; no chunk is accepted from now on.</summary>
    public void BeginCompletion(DateTimeOffset now)
    {
        if (Status == NativeUploadStatus.Completed)
        {
            throw new InvalidOperationException("A completed upload is not completed again.");
        }

        Status = NativeUploadStatus.Completing;
        Touch(now);
    }

    /// <summary>A completion that failed on the client's input (a missing chunk, no credits left) leaves the upload open.</summary>
    public void Reopen(DateTimeOffset now)
    {
        if (Status == NativeUploadStatus.Completing)
        {
            Status = NativeUploadStatus.Pending;
            Touch(now);
        }
    }

    public void Complete(Cid cid, long size, Md5Digest? md5, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (Status != NativeUploadStatus.Completing)
        {
            throw new InvalidOperationException("An upload completes after its completion began.");
        }

        if (Kind == NativeUploadKind.File && md5 is null)
        {
            throw new ArgumentException("A completed file has an MD5.", nameof(md5));
        }

        Cid = cid.Value;
        Size = size;
        _md5 = md5?.ToArray();
        Status = NativeUploadStatus.Completed;
        Touch(now);
    }

    private void EnsurePending()
    {
        if (Status != NativeUploadStatus.Pending)
        {
            throw new DomainException(ErrorKind.InvalidRequest, "This upload is already being completed, or is complete.");
        }
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now < CreatedAt ? CreatedAt : now;
}
