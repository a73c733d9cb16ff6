namespace AutoDrive.Domain.Content;

/// <summary>
/// Content stored on the DSN, once per CID whoever uploaded it: a file or a folder, with what went into its CID (the
/// name and the upload options) and the MIME type its first uploader gave. Owners are recorded apart
/// (<see cref="ContentOwnership"/>): one content, many owners.
/// </summary>
public sealed class StoredContent
{
    private StoredContent()
    {
        Cid = string.Empty;
        Name = string.Empty;
        Options = UploadOptions.None;
    }

    private StoredContent(Cid cid, ContentKind kind, string name, UploadOptions options, long size, long nodeCount, string? mimeType, DateTimeOffset createdAt)
    {
        Cid = cid.Value;
        Kind = kind;
        Name = name;
        Options = options;
        Size = size;
        NodeCount = nodeCount;
        MimeType = mimeType;
        CreatedAt = createdAt;
    }

    public string Cid { get; private set; }

    public ContentKind Kind { get; private set; }

    /// <summary>The name in the CID (a file's name, a folder's name).</summary>
    public string Name { get; private set; }

    /// <summary>The upload options in the CID: what the client had done to the bytes (none for a folder).</summary>
    public UploadOptions Options { get; private set; }

    /// <summary>The stored bytes of a file (transformed, as uploaded); for a folder, the sum of its children's sizes.</summary>
    public long Size { get; private set; }

    public long NodeCount { get; private set; }

    public string? MimeType { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static StoredContent RecordFile(Cid cid, string name, UploadOptions options, long size, long nodeCount, string? mimeType, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        return new StoredContent(cid, ContentKind.File, ContentName.Validate(name, allowEmpty: true), options, size, nodeCount, NullIfEmpty(mimeType), now);
    }

    public static StoredContent RecordFolder(Cid cid, string name, long size, long nodeCount, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        return new StoredContent(cid, ContentKind.Folder, ContentName.Validate(name), UploadOptions.None, size, nodeCount, null, now);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
