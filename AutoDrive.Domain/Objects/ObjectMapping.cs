using AutoDrive.Domain.Buckets;

namespace AutoDrive.Domain.Objects;

/// <summary>
/// The S3 view of an object: a user's (bucket, key) pointing at stored content by CID, with its ETag,
/// content headers, user metadata and checksum. Re-uploading the key points it at new content; the
/// earlier content stays stored.
/// </summary>
public sealed class ObjectMapping
{
    private Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    private ObjectMapping()
    {
        BucketName = string.Empty;
        Key = string.Empty;
        Cid = string.Empty;
    }

    private ObjectMapping(Guid ownerId, BucketName bucket, ObjectKey key, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        OwnerId = ownerId;
        BucketName = bucket.Value;
        Key = key.Value;
        Cid = string.Empty;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid OwnerId { get; private set; }

    public string BucketName { get; private set; }

    public string Key { get; private set; }

    public string Cid { get; private set; }

    /// <summary>MD5 of the bytes (or of the part MD5s for multipart); null for legacy rows.</summary>
    public byte[]? Md5 { get; private set; }

    /// <summary>Number of parts of a multipart object; null for a single PUT.</summary>
    public int? PartCount { get; private set; }

    public long Size { get; private set; }

    public string? ContentType { get; private set; }

    public string? ContentEncoding { get; private set; }

    public string? ContentDisposition { get; private set; }

    public string? ContentLanguage { get; private set; }

    public string? CacheControl { get; private set; }

    public string? Expires { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    public ChecksumAlgorithm? ChecksumAlgorithm { get; private set; }

    public string? ChecksumValue { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the key was last written: S3's Last-Modified.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// When the owner moved the content this key points at to their trash (through the native API): the key is then
    /// hidden from their S3 listings, GET and HEAD until the content is restored or the key is written again.
    /// </summary>
    public DateTimeOffset? TrashedAt { get; private set; }

    public bool IsVisible => TrashedAt is null;

    /// <summary>The unquoted ETag: hex MD5, <c>hex-N</c> for multipart, null for a legacy row.</summary>
    public string? ETag => Md5 is null
        ? null
        : PartCount is null
            ? Convert.ToHexStringLower(Md5)
            : $"{Convert.ToHexStringLower(Md5)}-{PartCount}";

    public ContentHeaders Headers => new(ContentType, ContentEncoding, ContentDisposition, ContentLanguage, CacheControl, Expires);

    public ObjectChecksum? Checksum => ChecksumAlgorithm is { } algorithm && ChecksumValue is { } value
        ? new ObjectChecksum(algorithm, value)
        : null;

    public static ObjectMapping Create(
        Guid ownerId,
        BucketName bucket,
        ObjectKey key,
        ObjectContent content,
        ContentHeaders headers,
        UserMetadata metadata,
        ObjectChecksum? checksum,
        DateTimeOffset now)
    {
        if (ownerId == Guid.Empty)
        {
            throw new ArgumentException("An object has an owner.", nameof(ownerId));
        }

        var mapping = new ObjectMapping(ownerId, bucket, key, now);
        mapping.PointTo(content, headers, metadata, checksum, now);
        return mapping;
    }

    /// <summary>
    /// The key now names other content (a re-upload or a copy). Headers, metadata and checksum are
    /// replaced as a whole, as S3 does: what the new write did not send is gone.
    /// </summary>
    public void PointTo(ObjectContent content, ContentHeaders headers, UserMetadata metadata, ObjectChecksum? checksum, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(metadata);

        Cid = content.Cid.Value;
        Size = content.Size;
        Md5 = content.Md5?.ToArray();
        PartCount = content.PartCount;
        ContentType = headers.ContentType;
        ContentEncoding = headers.ContentEncoding;
        ContentDisposition = headers.ContentDisposition;
        ContentLanguage = headers.ContentLanguage;
        CacheControl = headers.CacheControl;
        Expires = headers.Expires;
        _metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        ChecksumAlgorithm = checksum?.Algorithm;
        ChecksumValue = checksum?.Value;
        UpdatedAt = now < CreatedAt ? CreatedAt : now;
        TrashedAt = null;
    }
}
