using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Domain.Multipart;

/// <summary>
/// A multipart upload: initiated with the object's headers, metadata and checksum algorithm; accepts parts while
/// active (each part is its own row: recording one never changes the upload, so parallel parts never conflict, and
/// re-uploading a number replaces it, the last write the database sees winning); completed with a list of parts it
/// validates against the parts recorded by then (order, ETags, sizes, count, total size); or aborted, or expired when
/// idle. A completed upload remembers its result so a repeated Complete answers the same.
/// </summary>
public sealed class MultipartUpload
{
    /// <summary>Every part but the last must be at least 5 MiB.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>The largest part: 5 GiB, as S3.</summary>
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>The largest object a Complete may assemble: 5 TiB, as S3.</summary>
    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024 * 1024;
    private Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    private MultipartUpload()
    {
        Id = string.Empty;
        BucketName = string.Empty;
        Key = string.Empty;
    }

    private MultipartUpload(UploadId id, Guid ownerId, BucketName bucket, ObjectKey key, DateTimeOffset now)
    {
        Id = id.Value;
        OwnerId = ownerId;
        BucketName = bucket.Value;
        Key = key.Value;
        State = UploadState.Active;
        InitiatedAt = now;
        UpdatedAt = now;
    }

    public string Id { get; private set; }

    public Guid OwnerId { get; private set; }

    public string BucketName { get; private set; }

    public string Key { get; private set; }

    public string? ContentType { get; private set; }

    public string? ContentEncoding { get; private set; }

    public string? ContentDisposition { get; private set; }

    public string? ContentLanguage { get; private set; }

    public string? CacheControl { get; private set; }

    public string? Expires { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>The additional checksum the client declared at Create (x-amz-checksum-algorithm), if any.</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; private set; }

    public UploadState State { get; private set; }

    public DateTimeOffset InitiatedAt { get; private set; }

    /// <summary>
    /// The last change of the upload itself: initiation, a completion step, an abort. A part does not touch it (its
    /// own row carries its time); idleness is the later of this and the newest part (<see cref="IsExpired"/>).
    /// </summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The parts a Complete fixed, as <c>number:etag</c> joined by ',' (to recognise a repeated Complete).</summary>
    public string? CompletedParts { get; private set; }

    public string? CompletedCid { get; private set; }

    public string? CompletedChecksum { get; private set; }

    public ContentHeaders Headers => new(ContentType, ContentEncoding, ContentDisposition, ContentLanguage, CacheControl, Expires);

    public static MultipartUpload Initiate(
        UploadId id,
        Guid ownerId,
        BucketName bucket,
        ObjectKey key,
        ContentHeaders headers,
        UserMetadata metadata,
        ChecksumAlgorithm? checksumAlgorithm,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(metadata);
        if (ownerId == Guid.Empty)
        {
            throw new ArgumentException("An upload has an owner.", nameof(ownerId));
        }

        return new MultipartUpload(id, ownerId, bucket, key, now)
        {
            ContentType = headers.ContentType,
            ContentEncoding = headers.ContentEncoding,
            ContentDisposition = headers.ContentDisposition,
            ContentLanguage = headers.ContentLanguage,
            CacheControl = headers.CacheControl,
            Expires = headers.Expires,
            _metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal),
            ChecksumAlgorithm = checksumAlgorithm,
        };
    }

    /// <summary>
    /// A staged part this upload accepts: the upload is active and the part's checksum is of the declared algorithm.
    /// The upload is not changed: the repository stores the part (replacing an earlier one of the same number) only if
    /// the upload is still active when the row is written, so a part racing a Complete or Abort is decided there.
    /// </summary>
    public UploadPart RecordPart(PartNumber number, long size, Md5Digest md5, ObjectChecksum? checksum, string stagedName, DateTimeOffset now)
    {
        EnsureState(UploadState.Active);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentException.ThrowIfNullOrEmpty(stagedName);
        if (size > MaxPartSize)
        {
            throw new DomainException(ErrorKind.ContentTooLarge, $"Your proposed upload exceeds the maximum allowed size: a part is at most {MaxPartSize} bytes.");
        }

        if (ChecksumAlgorithm is { } declared && checksum is not null && checksum.Algorithm != declared)
        {
            throw new DomainException(ErrorKind.InvalidRequest, $"This upload declared {declared} checksums; the part carries {checksum.Algorithm}.");
        }

        return new UploadPart(Id, number, size, md5.ToArray(), checksum, stagedName, now);
    }

    /// <summary>
    /// Fixes the parts of the object: validates the requested list against <paramref name="recorded"/> (the parts
    /// stored by the time the upload row was locked for this completion, one per number) and returns them in order.
    /// The rules that need every part live here: order, ETags, checksums, the minimum size of all but the last, at
    /// most <see cref="PartNumber.Max"/> parts and <see cref="MaxObjectSize"/> bytes in all. A Complete retried after
    /// a crash (state Completing) may fix them again.
    /// </summary>
    public IReadOnlyList<UploadPart> BeginCompletion(IReadOnlyList<CompletedPart> requested, IReadOnlyCollection<UploadPart> recorded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(recorded);
        if (State is not (UploadState.Active or UploadState.Completing))
        {
            throw NoSuchUpload();
        }

        if (requested.Count == 0)
        {
            throw new DomainException(ErrorKind.MalformedBody, "The XML you provided was not well-formed or did not validate: it lists no parts.");
        }

        if (requested.Count > PartNumber.Max)
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"A multipart upload has at most {PartNumber.Max} parts.");
        }

        var byNumber = new Dictionary<int, UploadPart>(recorded.Count);
        foreach (var part in recorded)
        {
            if (!string.Equals(part.UploadId, Id, StringComparison.Ordinal) || !byNumber.TryAdd(part.Number, part))
            {
                throw new ArgumentException("The recorded parts are this upload's, one per number.", nameof(recorded));
            }
        }

        var selected = new List<UploadPart>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            var wanted = requested[i];
            if (i > 0 && wanted.PartNumber <= requested[i - 1].PartNumber)
            {
                throw new DomainException(ErrorKind.PartsOutOfOrder, "The list of parts was not in ascending order. Parts must be ordered by part number.");
            }

            if (!byNumber.TryGetValue(wanted.PartNumber, out var part) || !string.Equals(NormalizeETag(wanted.ETag), part.ETag, StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainException(
                    ErrorKind.PartMismatch,
                    $"One or more of the specified parts could not be found, or its entity tag did not match (part {wanted.PartNumber}).");
            }

            if (ChecksumAlgorithm is not null && wanted.Checksum is { } claimed && !string.Equals(claimed, part.ChecksumValue, StringComparison.Ordinal))
            {
                throw new DomainException(ErrorKind.PartMismatch, $"The checksum of part {wanted.PartNumber} does not match the uploaded part.");
            }

            selected.Add(part);
        }

        for (var i = 0; i < selected.Count - 1; i++)
        {
            if (selected[i].Size < MinPartSize)
            {
                throw new DomainException(
                    ErrorKind.PartTooSmall,
                    $"Your proposed upload is smaller than the minimum allowed size: part {selected[i].Number} is {selected[i].Size} bytes; every part but the last must be at least {MinPartSize} bytes.");
            }
        }

        if (selected.Sum(p => p.Size) > MaxObjectSize)
        {
            throw new DomainException(
                ErrorKind.ContentTooLarge, $"Your proposed upload exceeds the maximum allowed object size of {MaxObjectSize} bytes.");
        }

        State = UploadState.Completing;
        CompletedParts = Signature(requested);
        UpdatedAt = now;
        return selected;
    }

    /// <summary>Whether this completed upload was completed with exactly these parts (a repeated Complete).</summary>
    public bool WasCompletedWith(IReadOnlyList<CompletedPart> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        return State == UploadState.Completed && string.Equals(CompletedParts, Signature(requested), StringComparison.Ordinal);
    }

    /// <summary>The object exists: remember what it is.</summary>
    public void MarkCompleted(Cid cid, ObjectChecksum? checksum, DateTimeOffset now)
    {
        EnsureState(UploadState.Completing);
        State = UploadState.Completed;
        CompletedCid = cid.Value;
        CompletedChecksum = checksum?.Value;
        UpdatedAt = now;
    }

    /// <summary>
    /// Aborts an upload that is not completed (a Completing one is a Complete that did not finish: the application
    /// refuses the abort while a Complete actually runs).
    /// </summary>
    public void Abort(DateTimeOffset now)
    {
        if (State is UploadState.Completed or UploadState.Aborted)
        {
            throw NoSuchUpload();
        }

        State = UploadState.Aborted;
        UpdatedAt = now;
    }

    /// <summary>
    /// Whether the upload has been idle longer than <paramref name="maxIdle"/> without completing: no change of its
    /// own and no part (<paramref name="lastPartAt"/>, the newest part's time, null without parts) for that long.
    /// </summary>
    public bool IsExpired(DateTimeOffset now, TimeSpan maxIdle, DateTimeOffset? lastPartAt)
    {
        var lastActivity = lastPartAt is { } partAt && partAt > UpdatedAt ? partAt : UpdatedAt;
        return State is UploadState.Active or UploadState.Completing && now - lastActivity > maxIdle;
    }

    /// <summary>The composite ETag of the parts of a completion: MD5 of their concatenated MD5s, then "-N".</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "S3's composite ETag is defined with MD5; it is not a security measure.")]
    public static (Md5Digest Md5, int PartCount) CompositeETag(IReadOnlyList<UploadPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var concatenated = parts.SelectMany(p => p.Md5).ToArray();
        return (Md5Digest.FromBytes(System.Security.Cryptography.MD5.HashData(concatenated)), parts.Count);
    }

    private static string NormalizeETag(string etag) =>
        etag.Replace("&quot;", string.Empty, StringComparison.Ordinal)
            .Replace("&#34;", string.Empty, StringComparison.Ordinal)
            .Trim()
            .Trim('"');

    private static string Signature(IReadOnlyList<CompletedPart> parts) =>
        string.Join(',', parts.Select(p => $"{p.PartNumber}:{NormalizeETag(p.ETag).ToLowerInvariant()}"));

    private static DomainException NoSuchUpload() =>
        new(ErrorKind.UploadNotFound, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");

    private void EnsureState(UploadState expected)
    {
        if (State != expected)
        {
            throw NoSuchUpload();
        }
    }
}
