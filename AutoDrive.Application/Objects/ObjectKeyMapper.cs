using AutoDrive.Application.Buckets;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>
/// The last step of every write (PutObject, CopyObject, CompleteMultipartUpload), inside its unit of work: the
/// content is recorded with the caller as an owner, the bucket exists, and the key points at the content.
/// </summary>
public sealed class ObjectKeyMapper(
    IObjectMappingRepository mappings,
    IBucketRepository buckets,
    IStoredContentRepository contents,
    TimeProvider time)
{
    /// <summary>Records newly stored content (once per CID) with the caller as one of its owners.</summary>
    public Task RecordContentAsync(Guid ownerId, Cid cid, long size, long nodeCount, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return contents.RecordAsync(StoredContent.Record(cid, size, nodeCount, now), ContentOwnership.Grant(cid, ownerId, now), cancellationToken);
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
