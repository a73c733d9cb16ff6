using AutoDrive.Application.Buckets;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoMapper;
using FluentValidation;

namespace AutoDrive.Application.Objects;

/// <summary>PutObject, GetObject and HeadObject of the caller's own objects.</summary>
public sealed class ObjectService(
    IObjectMappingRepository mappings,
    IBucketRepository buckets,
    IStoredContentRepository contents,
    IUnitOfWork unitOfWork,
    ContentIngestor ingestor,
    IDsnStorage dsn,
    IValidator<PutObjectCommand> putValidator,
    IMapper mapper,
    TimeProvider time)
{
    /// <summary>
    /// Streams the body to the DSN (durable before anything points at it), then points the key at it in one
    /// transaction. A body that fails validation, or a client that goes away, leaves no mapping.
    /// </summary>
    public async Task<PutObjectResult> PutObjectAsync(PutObjectCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await putValidator.ValidateOrThrowAsync(command, cancellationToken);

        var bucket = BucketName.Parse(command.Bucket);
        var key = ObjectKey.Parse(command.Key);
        var metadata = UserMetadata.From(command.Metadata);
        var descriptor = new ContentDescriptor(key.FileName, UploadOptionsReader.FromMetadata(metadata));

        var ingested = await ingestor.IngestAsync(
            new IngestRequest(command.Body, descriptor, command.DeclaredLength, IngestLimits.MaxObjectSize, command.ContentMd5, command.Checksum),
            cancellationToken);

        var content = new ObjectContent(ingested.Stored.Cid, ingested.Stored.Size, ingested.Md5);
        var mapping = await unitOfWork.ExecuteAsync(
            ct => PointKeyAtAsync(command.OwnerId, bucket, key, content, ingested.Stored.NodeCount, command.Headers, metadata, ingested.Checksum, ct),
            cancellationToken);

        return new PutObjectResult(mapping.ETag!, mapping.Cid, mapping.Size, mapping.UpdatedAt, mapping.Checksum);
    }

    public async Task<ObjectDescription> HeadObjectAsync(GetObjectQuery query, CancellationToken cancellationToken)
    {
        var mapping = await FindAsync(query, cancellationToken);
        return mapper.Map<ObjectDescription>(mapping);
    }

    public async Task<ObjectDownload> GetObjectAsync(GetObjectQuery query, CancellationToken cancellationToken)
    {
        var mapping = await FindAsync(query, cancellationToken);
        var range = query.Range?.Resolve(mapping.Size);
        var (offset, length) = range is { } r ? (r.First, r.Length) : (0L, mapping.Size);

        var stream = await dsn.OpenReadAsync(Cid.Parse(mapping.Cid), offset, length, cancellationToken)
            ?? throw new DomainException(
                ErrorKind.ServiceUnavailable,
                "The object's content is not reachable on the storage network right now. Please retry.");
        return new ObjectDownload(mapper.Map<ObjectDescription>(mapping), stream, range);
    }

    private async Task<ObjectMapping> PointKeyAtAsync(
        Guid ownerId,
        BucketName bucket,
        ObjectKey key,
        ObjectContent content,
        long nodeCount,
        ContentHeaders headers,
        UserMetadata metadata,
        ObjectChecksum? checksum,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await buckets.EnsureExistsAsync(Bucket.Create(ownerId, bucket, now), cancellationToken);
        await contents.RecordAsync(
            StoredContent.Record(content.Cid, content.Size, nodeCount, now),
            ContentOwnership.Grant(content.Cid, ownerId, now),
            cancellationToken);

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

    private async Task<ObjectMapping> FindAsync(GetObjectQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var mapping = BucketName.Check(query.Bucket) is null && ObjectKey.Check(query.Key) is null
            ? await mappings.FindAsync(query.OwnerId, BucketName.Parse(query.Bucket), ObjectKey.Parse(query.Key), cancellationToken)
            : null;
        return mapping ?? throw new DomainException(ErrorKind.NoSuchKey, "The specified key does not exist.");
    }
}
