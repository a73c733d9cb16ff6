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
using Microsoft.Extensions.Options;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Multipart uploads: Create, UploadPart (staged durably where every instance can read it), Complete (validated,
/// assembled ahead as parts arrive, one Complete at a time), Abort, ListParts, ListMultipartUploads, and the
/// expiry of idle uploads.
/// </summary>
public sealed class MultipartService(
    IMultipartUploadRepository uploads,
    IMultipartStaging staging,
    IUploadLocks locks,
    IMultipartAssemblyScheduler scheduler,
    ObjectKeyMapper keyMapper,
    IUnitOfWork unitOfWork,
    IValidator<CreateMultipartUploadCommand> createValidator,
    IOptions<MultipartOptions> options,
    TimeProvider time)
{
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
    /// Streams the part to staging (validated like a PutObject body), records it (replacing an earlier upload of the
    /// same number), then asks for it to be assembled ahead of Complete.
    /// </summary>
    public async Task<UploadPartResult> UploadPartAsync(UploadPartCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = UploadId.Parse(command.UploadId);
        var number = PartNumber.From(command.PartNumber);
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

        BodyDigests digests;
        string stagedName;
        await using (var writer = await staging.BeginPartAsync(id, number.Value, GuessOffset(upload, number.Value, command.DeclaredLength), cancellationToken))
        {
            digests = await ContentIngestor.PumpAsync(
                new IngestRequest(command.Body, command.DeclaredLength, IngestLimits.MaxObjectSize, command.ContentMd5, expectation),
                writer,
                cancellationToken);
            stagedName = await writer.CommitAsync(cancellationToken);
        }

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindAsync(id, ct) ?? throw NoSuchUpload();
                current.RecordPart(number, digests.Length, digests.Md5, digests.Checksum, stagedName, time.GetUtcNow());
                return true;
            },
            cancellationToken);
        scheduler.Schedule(id);
        return new UploadPartResult(digests.Md5.ToHex(), digests.Checksum);
    }

    /// <summary>
    /// Completes the upload with the listed parts: one Complete or Abort of an upload runs at a time (another gets
    /// 409 OperationAborted); the parts are validated and fixed, assembled (mostly done already as they arrived),
    /// stored, and the key points at the object in one transaction. A repeated Complete of a completed upload with
    /// the same parts answers the same.
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
                ? Result(upload, upload.Parts.Where(p => command.Parts.Any(c => c.PartNumber == p.Number)).OrderBy(p => p.Number).ToList())
                : throw NoSuchUpload();
        }

        // Refused before anything changes when the listed parts are beyond the caller's credits; the upload stays open.
        CreditRules.EnsureUploadFits(
            command.PendingUploadCredits, upload.Parts.Where(p => command.Parts.Any(c => c.PartNumber == p.Number)).Sum(p => p.Size));
        var selected = await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindAsync(id, ct) ?? throw NoSuchUpload();
                return current.BeginCompletion(command.Parts, time.GetUtcNow());
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
                var current = await uploads.FindAsync(id, ct) ?? throw NoSuchUpload();
                await keyMapper.RecordUploadAsync(current.OwnerId, stored, descriptor, current.Headers.ContentType, asRoot: true, ct);
                await keyMapper.MapAsync(current.OwnerId, BucketName.Parse(current.BucketName), key, content, current.Headers, metadata, checksum, ct);
                current.MarkCompleted(stored.Cid, checksum, time.GetUtcNow());
                return current;
            },
            cancellationToken);

        await staging.DiscardAsync(id, cancellationToken);
        return Result(completed, selected);
    }

    /// <summary>Aborts the upload and frees its staged parts (204). A Complete in progress refuses it (409).</summary>
    public async Task AbortAsync(Guid ownerId, string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        var id = UploadId.Parse(uploadId);
        await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken) ?? throw InProgress();
        await FindOwnedAsync(id, ownerId, bucket, key, cancellationToken);
        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindAsync(id, ct) ?? throw NoSuchUpload();
                current.Abort(time.GetUtcNow());
                return true;
            },
            cancellationToken);

        await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
        {
            await staging.DiscardAsync(id, cancellationToken);
        }
    }

    public async Task<PartListing> ListPartsAsync(
        Guid ownerId, string bucket, string key, string uploadId, int partNumberMarker, int? maxParts, CancellationToken cancellationToken)
    {
        var id = UploadId.Parse(uploadId);
        var upload = await FindOwnedAsync(id, ownerId, bucket, key, cancellationToken);
        if (upload.State is not (UploadState.Active or UploadState.Completing))
        {
            throw NoSuchUpload();
        }

        var limit = ClampLimit(maxParts);
        var after = upload.Parts.Where(p => p.Number > partNumberMarker).OrderBy(p => p.Number).ToList();
        var page = after.Take(limit).ToList();
        var truncated = after.Count > page.Count;
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

    /// <summary>ListMultipartUploads: the caller's uploads in progress in a bucket, every upload of a key listed.</summary>
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

        var entries = new List<UploadSummary>();
        var prefixes = new List<string>();
        if (limit == 0)
        {
            return new UploadListing(bucket, prefix, delimiter, keyMarker, uploadIdMarker, null, null, 0, false, entries, prefixes);
        }

        string? nextKeyMarker = null;
        string? nextUploadIdMarker = null;
        var (lastKey, lastId) = (keyMarker, uploadIdMarker);
        var truncated = false;
        while (!truncated)
        {
            var batch = await uploads.ListInProgressAsync(ownerId, bucket, prefix, lastKey, lastId, MaxListing, cancellationToken);
            foreach (var upload in batch)
            {
                (lastKey, lastId) = (upload.Key, upload.UploadId);
                var common = CommonPrefix(upload.Key, prefix, delimiter);
                if (common is not null && (common == keyMarker || (prefixes.Count > 0 && prefixes[^1] == common)))
                {
                    // Keys sharing a common prefix are adjacent: it is listed once (and not again after a marker naming it).
                    continue;
                }

                if (entries.Count + prefixes.Count == limit)
                {
                    truncated = true;
                    break;
                }

                if (common is null)
                {
                    entries.Add(upload);
                    (nextKeyMarker, nextUploadIdMarker) = (upload.Key, upload.UploadId);
                }
                else
                {
                    prefixes.Add(common);
                    (nextKeyMarker, nextUploadIdMarker) = (common, null);
                }
            }

            if (batch.Count < MaxListing)
            {
                break;
            }
        }

        return new UploadListing(
            bucket, prefix, delimiter, keyMarker, uploadIdMarker,
            truncated ? nextKeyMarker : null,
            truncated ? nextUploadIdMarker : null,
            limit, truncated, entries, prefixes);
    }

    /// <summary>
    /// Assembles the upload's contiguous parts ahead of Complete (called in the background after each part). Skips
    /// when another assembler is at work.
    /// </summary>
    public async Task AdvanceAssemblyAsync(UploadId id, CancellationToken cancellationToken)
    {
        await using var assembly = await locks.TryAcquireAssemblyAsync(id, cancellationToken);
        if (assembly is null)
        {
            return;
        }

        var upload = await uploads.FindAsync(id, cancellationToken);
        if (upload is null || upload.State != UploadState.Active)
        {
            return;
        }

        var contiguous = upload.Parts.OrderBy(p => p.Number)
            .TakeWhile((p, i) => p.Number == i + 1)
            .Select(p => new StagedPartRef(p.Number, p.StagedName, p.Size))
            .ToList();
        if (contiguous.Count > 0)
        {
            var metadata = UserMetadata.From(upload.Metadata);
            var descriptor = new ContentDescriptor(ObjectKey.Parse(upload.Key).FileName, UploadOptionsReader.FromMetadata(metadata));
            await staging.AdvanceAsync(id, descriptor, contiguous, cancellationToken);
        }
    }

    /// <summary>Aborts uploads idle longer than the configured age (freeing their staging) and forgets finished ones.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var expired = 0;
        foreach (var id in await uploads.FindIdleAsync(now - settings.IdleExpiry, MaxListing, cancellationToken))
        {
            await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken);
            if (completion is null)
            {
                continue;
            }

            var aborted = await unitOfWork.ExecuteAsync(
                async ct =>
                {
                    var current = await uploads.FindAsync(id, ct);
                    if (current is null || !current.IsExpired(time.GetUtcNow(), settings.IdleExpiry))
                    {
                        return false;
                    }

                    current.Abort(time.GetUtcNow());
                    return true;
                },
                cancellationToken);
            if (aborted)
            {
                await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
                {
                    await staging.DiscardAsync(id, cancellationToken);
                }

                expired++;
            }
        }

        await uploads.DeleteFinishedAsync(now - settings.FinishedRetention, cancellationToken);
        return expired;
    }

    /// <summary>
    /// Where part <paramref name="number"/> probably starts: clients cut equal parts, so (number - 1) times the size of
    /// part 1, or of another recorded part, or of this part itself. Only a guess: assembly checks it.
    /// </summary>
    private static long? GuessOffset(MultipartUpload upload, int number, long? declaredLength)
    {
        if (number == 1)
        {
            return 0;
        }

        var partSize = upload.Parts.Where(p => p.Number != number).OrderBy(p => p.Number).Select(p => (long?)p.Size).FirstOrDefault()
            ?? declaredLength;
        return partSize is > 0 ? (number - 1) * partSize : null;
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

    private static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (delimiter is null)
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    private static int ClampLimit(int? requested) =>
        requested switch
        {
            null => MaxListing,
            < 0 => throw new DomainException(ErrorKind.InvalidArgument, "The maximum must be a non-negative integer."),
            _ => Math.Min(requested.Value, MaxListing),
        };

    private static DomainException NoSuchUpload() =>
        new(ErrorKind.UploadNotFound, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");

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
