using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;

namespace AutoDrive.Application.Buckets;

/// <summary>The caller's buckets: created explicitly (CreateBucket) or by a first write; <c>default</c> always exists.</summary>
public sealed class BucketService(IBucketRepository buckets, TimeProvider time)
{
    /// <summary>CreateBucket: idempotent; the first creation time stays.</summary>
    public async Task CreateBucketAsync(Guid ownerId, string name, CancellationToken cancellationToken)
    {
        var bucket = BucketName.Parse(name);
        await buckets.EnsureExistsAsync(Bucket.Create(ownerId, bucket, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Whether the caller has this bucket (created it or wrote to it; <c>default</c> always).</summary>
    public async Task<bool> ExistsAsync(Guid ownerId, string name, CancellationToken cancellationToken)
    {
        if (BucketName.Check(name) is not null)
        {
            return false;
        }

        var bucket = BucketName.Parse(name);
        return bucket == BucketName.Default || await buckets.FindAsync(ownerId, bucket, cancellationToken) is not null;
    }

    /// <summary>Throws NoSuchBucket unless the caller has this bucket.</summary>
    public async Task RequireAsync(Guid ownerId, string name, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(ownerId, name, cancellationToken))
        {
            throw new DomainException(ErrorKind.BucketNotFound, "The specified bucket does not exist.");
        }
    }
}
