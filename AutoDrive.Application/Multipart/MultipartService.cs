using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Application.Credits;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;
using FluentValidation;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// The request use cases of multipart uploads: Create, UploadPart (staged durably where every instance can read it,
/// then recorded as its own row: parallel parts never conflict), Complete (validated against the parts recorded when it
/// locks the upload, assembled ahead as parts arrived, one Complete or Abort at a time), Abort, ListParts and
/// ListMultipartUploads (each a bounded query). Background assembly is <see cref="MultipartAssemblyService"/>, expiry
/// <see cref="MultipartExpiryService"/>; what each race answers is written down in docs/concurrency.md.
/// </summary>
public sealed class MultipartService(
    IMultipartUploadRepository uploads,
    IMultipartStaging staging,
    IUploadLocks locks,
    IMultipartAssemblyScheduler scheduler,
    ObjectKeyMapper keyMapper,
    IUnitOfWork unitOfWork,
    IValidator<CreateMultipartUploadCommand> createValidator,
    TimeProvider time)
{
    /// <summary>S3's default and cap of max-uploads and max-parts.</summary>
    public const int MaxListing = 1000;

    public async Task<CreateMultipartUploadResult> CreateAsync(CreateMultipartUploadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await createValidator.ValidateOrThrowAsync(command, cancellationToken);
        var bucket = BucketName.Parse(command.Bucket);
        var key = ObjectKey.Parse(command.Key);
        var metadata = UserMetadata.From(command.Metadata);
        var id = UploadId.New();
        await unitOfWork.ExecuteAsync(
            ct =>
            {
                uploads.Add(MultipartUpload.Initiate(id, command.OwnerId, bucket, key, command.Headers, metadata, command.ChecksumAlgorithm, time.GetUtcNow()));
                return Task.FromResult(true);
            },
            cancellationToken);
        return new CreateMultipartUploadResult(bucket.Value, key.Value, id.Value, command.ChecksumAlgorithm);
    }

    /// <summary>
    /// Streams the part to staging (validated like a PutObject body), records it as its own row (replacing an earlier
    /// upload of the same number: the last write the database sees wins), then asks for it to be assembled ahead of
    /// Complete. Reads the upload row and at most one other part (for the offset guess), never the list of parts, and
    /// writes no shared row. A part that loses a race with a Complete or Abort of its upload is NoSuchUpload (404).
    /// </summary>
    public async Task<UploadPartResult> UploadPartAsync(UploadPartCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = UploadId.Parse(command.UploadId);
        var number = PartNumber.From(command.PartNumber);

        // A declared size past the limit is refused before anything else (the body is never read).
        if (command.DeclaredLength > MultipartUpload.MaxPartSize)
        {
            throw new DomainException(
                ErrorKind.ContentTooLarge, $"Your proposed upload exceeds the maximum allowed size of {MultipartUpload.MaxPartSize} bytes.");
        }

        var upload = await FindOwnedAsync(id, command.OwnerId, command.Bucket, command.Key, cancellationToken);
        if (upload.State != UploadState.Active)
        {
            throw NoSuchUpload();
        }

        // An upload that declared a checksum algorithm gets that checksum of every part, claimed or not.
        var expectation = command.Checksum ?? ChecksumExpectation.None;
        if (expectation.Algorithm is null && upload.ChecksumAlgorithm is { } declared)
        {
            expectation = new ChecksumExpectation(declared, expectation.ReadClaim);
        }

        var offset = await GuessOffsetAsync(id, number.Value, command.DeclaredLength, cancellationToken);
        BodyDigests digests;
        string stagedName;
        try
        {
            await using var writer = await staging.BeginPartAsync(id, number.Value, offset, cancellationToken);
            digests = await ContentIngestor.PumpAsync(
                new IngestRequest(command.Body, command.DeclaredLength, MultipartUpload.MaxPartSize, command.ContentMd5, expectation),
                writer,
                cancellationToken);
            stagedName = await writer.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not (DomainException or OperationCanceledException))
        {
            // An Abort (or a Complete) that finished while this part streamed in frees the upload's staging under the
            // part's feet: that is the race lost, not a server fault.
            var now = await uploads.FindAsync(id, cancellationToken);
            if (now is null || now.State != UploadState.Active)
            {
                throw NoSuchUpload(e);
            }

            throw;
        }

        var part = upload.RecordPart(number, digests.Length, digests.Md5, digests.Checksum, stagedName, time.GetUtcNow());
        if (!await uploads.RecordPartAsync(part, cancellationToken))
        {
            await DiscardLateAsync(id, cancellationToken);
            throw NoSuchUpload();
        }

        scheduler.Schedule(id);
        return new UploadPartResult(digests.Md5.ToHex(), digests.Checksum);
    }

    /// <summary>
    /// Completes the upload with the listed parts: one Complete or Abort of an upload runs at a time (another gets
    /// 409 OperationAborted); the upload row is locked and the parts recorded by then are validated and fixed (parts
    /// arriving later are refused), assembled (mostly done already as they arrived), stored, and the key points at the
    /// object in one transaction. A repeated Complete of a completed upload with the same parts answers the same.
    /// </summary>
    public async Task<CompleteMultipartUploadResult> CompleteAsync(CompleteMultipartUploadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = UploadId.Parse(command.UploadId);
        await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken) ?? throw InProgress();

        var upload = await FindOwnedAsync(id, command.OwnerId, command.Bucket, command.Key, cancellationToken);
        if (upload.State == UploadState.Completed)
        {
            return upload.WasCompletedWith(command.Parts)
                ? Result(upload, Listed(await uploads.ListPartsAsync(id, cancellationToken), command.Parts))
                : throw NoSuchUpload();
        }

        var selected = await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindLockedAsync(id, ct) ?? throw NoSuchUpload();
                var recorded = await uploads.ListPartsAsync(id, ct);

                // Refused before anything changes when the listed parts are beyond the caller's credits; the upload stays open.
                CreditRules.EnsureUploadFits(command.PendingUploadCredits, Listed(recorded, command.Parts).Sum(p => p.Size));
                return current.BeginCompletion(command.Parts, recorded, time.GetUtcNow());
            },
            cancellationToken);

        var checksum = CompositeChecksum(upload.ChecksumAlgorithm, selected, command.ClaimedChecksum);
        var (md5, partCount) = MultipartUpload.CompositeETag(selected);
        var key = ObjectKey.Parse(upload.Key);
        var metadata = UserMetadata.From(upload.Metadata);
        var descriptor = new ContentDescriptor(key.FileName, UploadOptionsReader.FromMetadata(metadata), upload.ContentType);
        var parts = selected.Select(p => new StagedPartRef(p.Number, p.StagedName, p.Size)).ToList();

        DsnStoredContent stored;
        await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
        {
            stored = await staging.FinishAsync(id, descriptor, parts, cancellationToken);
        }

        var content = new ObjectContent(stored.Cid, stored.Size, md5, partCount);
        var completed = await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindLockedAsync(id, ct) ?? throw NoSuchUpload();
                await keyMapper.RecordUploadAsync(current.OwnerId, stored, descriptor, current.Headers.ContentType, asRoot: true, ct);
                await keyMapper.MapAsync(current.OwnerId, BucketName.Parse(current.BucketName), key, content, current.Headers, metadata, checksum, ct);
                current.MarkCompleted(stored.Cid, checksum, time.GetUtcNow());
                return current;
            },
            cancellationToken);

        await staging.DiscardAsync(id, cancellationToken);
        return Result(completed, selected);
    }

    /// <summary>
    /// Aborts the upload and frees its staged parts (204). A Complete in progress refuses it (409); parts being
    /// recorded finish first, later ones are NoSuchUpload.
    /// </summary>
    public async Task AbortAsync(Guid ownerId, string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        var id = UploadId.Parse(uploadId);
        await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken) ?? throw InProgress();
        await FindOwnedAsync(id, ownerId, bucket, key, cancellationToken);
        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindLockedAsync(id, ct) ?? throw NoSuchUpload();
                current.Abort(time.GetUtcNow());
                return true;
            },
            cancellationToken);

        await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
        {
            await staging.DiscardAsync(id, cancellationToken);
        }
    }

    /// <summary>ListParts: one page of the upload's parts after the marker, read as one bounded index range (page + 1 rows).</summary>
    public async Task<PartListing> ListPartsAsync(
        Guid ownerId, string bucket, string key, string uploadId, int partNumberMarker, int? maxParts, CancellationToken cancellationToken)
    {
        var id = UploadId.Parse(uploadId);
        var upload = await FindOwnedAsync(id, ownerId, bucket, key, cancellationToken);
        if (upload.State is not (UploadState.Active or UploadState.Completing))
        {
            throw NoSuchUpload();
        }

        if (partNumberMarker is < 0 or > PartNumber.Max)
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"part-number-marker must be an integer from 0 to {PartNumber.Max}.");
        }

        var limit = ClampLimit(maxParts);
        var read = limit == 0 ? [] : await uploads.ListPartsAfterAsync(id, partNumberMarker, limit + 1, cancellationToken);
        var truncated = read.Count > limit;
        var page = truncated ? read.Take(limit).ToList() : read;
        return new PartListing(
            upload.BucketName,
            upload.Key,
            upload.Id,
            partNumberMarker,
            page.Count > 0 ? page[^1].Number : null,
            limit,
            truncated,
            page.Select(p => new PartSummary(p.Number, p.ETag, p.Size, p.UploadedAt, p.Checksum)).ToList(),
            upload.ChecksumAlgorithm,
            upload.OwnerId);
    }

    /// <summary>
    /// ListMultipartUploads: the caller's uploads in progress in a bucket, every upload of a key listed, folded by the
    /// delimiter with the rule object listings use (a common prefix is one entry and costs one row). One bounded query
    /// of page + 1 entries.
    /// </summary>
    public async Task<UploadListing> ListUploadsAsync(
        Guid ownerId,
        string bucket,
        string? prefix,
        string? delimiter,
        string? keyMarker,
        string? uploadIdMarker,
        int? maxUploads,
        CancellationToken cancellationToken)
    {
        var limit = ClampLimit(maxUploads);
        prefix ??= string.Empty;
        delimiter = string.IsNullOrEmpty(delimiter) ? null : delimiter;
        keyMarker = string.IsNullOrEmpty(keyMarker) ? null : keyMarker;
        uploadIdMarker = keyMarker is null || string.IsNullOrEmpty(uploadIdMarker) ? null : uploadIdMarker;
        if (limit == 0)
        {
            return new UploadListing(bucket, prefix, delimiter, keyMarker, uploadIdMarker, null, null, 0, false, [], []);
        }

        var start = UploadListingStart.FromMarkers(keyMarker, uploadIdMarker, prefix, delimiter);
        var rows = await uploads.ListInProgressAsync(ownerId, bucket, prefix, delimiter, start, limit + 1, cancellationToken);
        var truncated = rows.Count > limit;
        var page = truncated ? rows.Take(limit).ToList() : rows;

        var entries = page.Where(r => r.CommonPrefix is null).Select(r => new UploadSummary(r.Key, r.UploadId, r.Initiated)).ToList();
        var prefixes = page.Where(r => r.CommonPrefix is not null).Select(r => r.CommonPrefix!).ToList();
        var last = page.Count > 0 ? page[^1] : null;
        return new UploadListing(
            bucket, prefix, delimiter, keyMarker, uploadIdMarker,
            truncated ? last!.CommonPrefix ?? last.Key : null,
            truncated && last!.CommonPrefix is null ? last.UploadId : null,
            limit, truncated, entries, prefixes);
    }

    /// <summary>The recorded parts a Complete lists (for the credit check and a repeated Complete), in the listed order.</summary>
    private static List<UploadPart> Listed(IReadOnlyList<UploadPart> recorded, IReadOnlyList<CompletedPart> listed)
    {
        var numbers = listed.Select(c => c.PartNumber).ToHashSet();
        return recorded.Where(p => numbers.Contains(p.Number)).OrderBy(p => p.Number).ToList();
    }

    /// <summary>
    /// Where part <paramref name="number"/> probably starts: clients cut equal parts, so (number - 1) times the size of
    /// the lowest-numbered other part (one index probe), or of this part itself. Only a guess: assembly checks it.
    /// </summary>
    private async Task<long?> GuessOffsetAsync(UploadId id, int number, long? declaredLength, CancellationToken cancellationToken)
    {
        if (number == 1)
        {
            return 0;
        }

        var partSize = await uploads.FindFirstPartSizeAsync(id, number, cancellationToken) ?? declaredLength;
        return partSize is > 0 ? (number - 1) * partSize : null;
    }

    /// <summary>
    /// A part refused because its upload ended (aborted, completed, gone) while it streamed in: its staged bytes are
    /// freed with the rest of the upload's, which nothing needs any more. A completing upload keeps its staging: the
    /// running Complete reads it and frees it all when it is done.
    /// </summary>
    private async Task DiscardLateAsync(UploadId id, CancellationToken cancellationToken)
    {
        var current = await uploads.FindAsync(id, cancellationToken);
        if (current is null || current.State is UploadState.Aborted or UploadState.Completed)
        {
            await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
            {
                await staging.DiscardAsync(id, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The composite checksum of an upload that declared an algorithm: the checksum of the concatenated part digests,
    /// then "-N". A claimed value must match (400 BadDigest).
    /// </summary>
    private static ObjectChecksum? CompositeChecksum(ChecksumAlgorithm? algorithm, IReadOnlyList<UploadPart> parts, string? claimed)
    {
        if (algorithm is not { } alg)
        {
            return null;
        }

        if (parts.Any(p => p.ChecksumValue is null))
        {
            throw new DomainException(ErrorKind.PartMismatch, $"Every part of this upload needs a {ChecksumAlgorithms.GetName(alg)} checksum.");
        }

        var digests = parts.SelectMany(p => Convert.FromBase64String(p.ChecksumValue!)).ToArray();
        var value = $"{IncrementalChecksum.ComputeBase64(alg, digests)}-{parts.Count}";
        if (claimed is not null && !string.Equals(claimed.Trim(), value, StringComparison.Ordinal))
        {
            throw new DomainException(ErrorKind.DigestMismatch, $"The {ChecksumAlgorithms.GetName(alg)} you specified did not match the calculated checksum.");
        }

        return new ObjectChecksum(alg, value);
    }

    private static CompleteMultipartUploadResult Result(MultipartUpload upload, IReadOnlyList<UploadPart> parts)
    {
        var (md5, count) = MultipartUpload.CompositeETag(parts);
        var checksum = upload.ChecksumAlgorithm is { } alg && upload.CompletedChecksum is { } value ? new ObjectChecksum(alg, value) : null;
        return new CompleteMultipartUploadResult(upload.BucketName, upload.Key, $"{md5.ToHex()}-{count}", upload.CompletedCid!, checksum);
    }

    private static int ClampLimit(int? requested) =>
        requested switch
        {
            null => MaxListing,
            < 0 => throw new DomainException(ErrorKind.InvalidArgument, "The maximum must be a non-negative integer."),
            _ => Math.Min(requested.Value, MaxListing),
        };

    private const string NoSuchUploadMessage =
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.";

    private static DomainException NoSuchUpload() => new(ErrorKind.UploadNotFound, NoSuchUploadMessage);

    private static DomainException NoSuchUpload(Exception inner) => new(ErrorKind.UploadNotFound, NoSuchUploadMessage, inner);

    private static DomainException InProgress() =>
        new(ErrorKind.ConflictingOperation, "Another CompleteMultipartUpload or AbortMultipartUpload of this upload is in progress. Please retry.");

    /// <summary>The caller's upload of exactly this bucket and key; anything else is NoSuchUpload.</summary>
    private async Task<MultipartUpload> FindOwnedAsync(UploadId id, Guid ownerId, string bucket, string key, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(id, cancellationToken);
        return upload is not null && upload.OwnerId == ownerId && upload.BucketName == bucket && upload.Key == key
            ? upload
            : throw NoSuchUpload();
    }
}
