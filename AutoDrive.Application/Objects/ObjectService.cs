using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
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
    ObjectKeyMapper keyMapper,
    IUnitOfWork unitOfWork,
    ContentIngestor ingestor,
    IDsnStorage dsn,
    IValidator<PutObjectCommand> putValidator,
    IValidator<CopyObjectCommand> copyValidator,
    ICreditLedger credits,
    IMapper mapper)
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
        var descriptor = new ContentDescriptor(key.FileName, UploadOptionsReader.FromMetadata(metadata), command.Headers.ContentType);

        // A declared body the caller's credits cannot cover is refused before it is read; the charge itself is atomic,
        // with the mapping.
        CreditRules.EnsureUploadFits(command.PendingUploadCredits, command.DeclaredLength ?? 0);
        var ingested = await ingestor.IngestAsync(
            new IngestRequest(command.Body, command.DeclaredLength, IngestLimits.MaxObjectSize, command.ContentMd5, command.Checksum),
            descriptor,
            cancellationToken);

        var content = new ObjectContent(ingested.Stored.Cid, ingested.Stored.Size, ingested.Md5);
        var mapping = await unitOfWork.ExecuteAsync(
            async ct =>
            {
                await keyMapper.RecordUploadAsync(
                    command.OwnerId, ingested.Stored, descriptor, command.Headers.ContentType, asRoot: true, ct,
                    uploaderUnlimited: command.PendingUploadCredits is null);
                return await keyMapper.MapAsync(command.OwnerId, bucket, key, content, command.Headers, metadata, ingested.Checksum, ct);
            },
            cancellationToken);

        return new PutObjectResult(mapping.ETag!, mapping.Cid, mapping.Size, mapping.UpdatedAt, mapping.Checksum);
    }

    /// <summary>
    /// CopyObject: the destination key points at the source's content (same CID, same ETag); nothing is copied,
    /// overwritten or deleted. Source conditions that fail answer 412 (never 304).
    /// </summary>
    public async Task<CopyObjectResult> CopyObjectAsync(CopyObjectCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await copyValidator.ValidateOrThrowAsync(command, cancellationToken);
        var bucket = BucketName.Parse(command.Bucket);
        var key = ObjectKey.Parse(command.Key);
        var source = await FindAsync(new GetObjectQuery(command.OwnerId, command.SourceBucket, command.SourceKey), cancellationToken);
        if (command.SourceConditions.Evaluate(source.ETag, source.UpdatedAt) != ConditionOutcome.Proceed)
        {
            throw new DomainException(ErrorKind.PreconditionFailed, "At least one of the pre-conditions you specified did not hold.");
        }

        if (source.BucketName == bucket.Value && source.Key == key.Value && command.Directive != MetadataDirective.Replace)
        {
            throw new DomainException(
                ErrorKind.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata.");
        }

        var content = new ObjectContent(
            Cid.Parse(source.Cid),
            source.Size,
            source.Md5 is null ? null : Md5Digest.FromBytes(source.Md5),
            source.PartCount);
        var (headers, metadata) = command.Directive == MetadataDirective.Copy
            ? (source.Headers, UserMetadata.From(source.Metadata))
            : (command.Headers, UserMetadata.From(command.Metadata));
        var checksum = source.Checksum;

        var mapping = await unitOfWork.ExecuteAsync(
            ct => keyMapper.MapAsync(command.OwnerId, bucket, key, content, headers, metadata, checksum, ct),
            cancellationToken);
        return new CopyObjectResult(mapping.ETag, mapping.Cid, mapping.UpdatedAt);
    }

    /// <summary>HeadObject: the object's description (no content), after its conditional headers and range.</summary>
    public async Task<ObjectHead> HeadObjectAsync(GetObjectQuery query, CancellationToken cancellationToken)
    {
        var mapping = await FindAsync(query, cancellationToken);
        var description = mapper.Map<ObjectDescription>(mapping);
        if (CheckConditions(query, mapping) == ConditionOutcome.NotModified)
        {
            return new ObjectHead(description, null, ReadOutcome.NotModified);
        }

        return ResolveRange(query, mapping.Size, out var range)
            ? new ObjectHead(description, range, ReadOutcome.Content)
            : new ObjectHead(description, null, ReadOutcome.RangeNotSatisfiable);
    }

    /// <summary>
    /// GetObject: conditional headers first (304 / 412), then the range (416 when unsatisfiable), then the bytes.
    /// </summary>
    public async Task<ObjectDownload> GetObjectAsync(GetObjectQuery query, CancellationToken cancellationToken)
    {
        var mapping = await FindAsync(query, cancellationToken);
        var description = mapper.Map<ObjectDescription>(mapping);
        if (CheckConditions(query, mapping) == ConditionOutcome.NotModified)
        {
            return new ObjectDownload(description, null, null, ReadOutcome.NotModified);
        }

        if (!ResolveRange(query, mapping.Size, out var range))
        {
            return new ObjectDownload(description, null, null, ReadOutcome.RangeNotSatisfiable);
        }

        var (offset, length) = range is { } r ? (r.First, r.Length) : (0L, mapping.Size);
        if (query.MeteredDownload)
        {
            await credits.ChargeDownloadOrRefuseAsync(query.OwnerId, length, cancellationToken);
        }

        var stream = await dsn.OpenReadAsync(Cid.Parse(mapping.Cid), offset, length, cancellationToken)
            ?? throw new DomainException(
                ErrorKind.ServiceUnavailable,
                "The object's content is not reachable on the storage network right now. Please retry.");
        return new ObjectDownload(description, stream, range, ReadOutcome.Content);
    }

    /// <summary>The range to send (null: the whole object); false when the requested range cannot be satisfied.</summary>
    private static bool ResolveRange(GetObjectQuery query, long size, out ByteRange? range)
    {
        range = null;
        if (query.Range is not { } requested)
        {
            return true;
        }

        if (!requested.TryResolve(size, out var resolved))
        {
            return false;
        }

        range = resolved;
        return true;
    }

    private static ConditionOutcome CheckConditions(GetObjectQuery query, ObjectMapping mapping)
    {
        var outcome = (query.Conditions ?? ReadConditions.None).Evaluate(mapping.ETag, mapping.UpdatedAt);
        return outcome == ConditionOutcome.PreconditionFailed
            ? throw new DomainException(ErrorKind.PreconditionFailed, "At least one of the pre-conditions you specified did not hold.")
            : outcome;
    }

    private async Task<ObjectMapping> FindAsync(GetObjectQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var mapping = BucketName.Check(query.Bucket) is null && ObjectKey.Check(query.Key) is null
            ? await mappings.FindForReadAsync(query.OwnerId, BucketName.Parse(query.Bucket), ObjectKey.Parse(query.Key), cancellationToken)
            : null;
        // A key whose content the owner moved to their trash is hidden until it is restored.
        return mapping is { IsVisible: true } ? mapping : throw new DomainException(ErrorKind.ObjectNotFound, "The specified key does not exist.");
    }
}
