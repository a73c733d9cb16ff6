using AutoDrive.Application.Buckets;
using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>
/// The last step of every write (PutObject, CopyObject, CompleteMultipartUpload, a native upload), inside its unit of
/// work: an upload is charged to the uploader's credits and recorded with the uploader as an owner, the bucket exists,
/// and the key points at the content.
/// </summary>
public sealed class ObjectKeyMapper(
    IObjectMappingRepository mappings,
    IBucketRepository buckets,
    IStoredContentRepository contents,
    ICreditLedger credits,
    TimeProvider time)
{
    /// <summary>
    /// Records an upload of file content: charges its size to the uploader's upload credits (refused with
    /// <see cref="Domain.Common.ErrorKind.QuotaExceeded"/> when they do not cover it, which rolls the write back), then
    /// records the content (once per CID) with the uploader as an owner: of a root, or of a member of a folder.
    /// <paramref name="uploaderUnlimited"/>: the uploader had no upload limit when the request began (as authenticated),
    /// so there is nothing to charge; a limit set meanwhile applies from the uploader's next request.
    /// </summary>
    public async Task RecordUploadAsync(
        Guid ownerId,
        DsnStoredContent stored,
        ContentDescriptor descriptor,
        string? mimeType,
        bool asRoot,
        CancellationToken cancellationToken,
        bool uploaderUnlimited = false)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!uploaderUnlimited)
        {
            await credits.ChargeUploadOrRefuseAsync(ownerId, stored.Size, cancellationToken);
        }

        var now = time.GetUtcNow();
        var content = StoredContent.RecordFile(stored.Cid, descriptor.Name, descriptor.Options, stored.Size, stored.NodeCount, mimeType, now);
        var ownership = asRoot ? ContentOwnership.Grant(stored.Cid, ownerId, now) : ContentOwnership.GrantMember(stored.Cid, ownerId, now);
        await contents.RecordAsync(content, ownership, cancellationToken);
    }

    /// <summary>Points the caller's key at content: a new mapping, or the existing one re-pointed.</summary>
    public async Task<ObjectMapping> MapAsync(
        Guid ownerId,
        BucketName bucket,
        ObjectKey key,
        ObjectContent content,
        ContentHeaders headers,
        UserMetadata metadata,
        ObjectChecksum? checksum,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await buckets.EnsureExistsAsync(Bucket.Create(ownerId, bucket, now), cancellationToken);
        var mapping = await mappings.FindAsync(ownerId, bucket, key, cancellationToken);
        if (mapping is null)
        {
            mapping = ObjectMapping.Create(ownerId, bucket, key, content, headers, metadata, checksum, now);
            mappings.Add(mapping);
        }
        else
        {
            mapping.PointTo(content, headers, metadata, checksum, now);
        }

        return mapping;
    }
}
