using AutoDrive.Domain.Buckets;

namespace AutoDrive.Application.Buckets;

public interface IBucketRepository
{
    Task<Bucket?> FindAsync(Guid ownerId, BucketName name, CancellationToken cancellationToken);

    /// <summary>Records the bucket for its owner unless it exists (race-free; the first creation time stays).</summary>
    Task EnsureExistsAsync(Bucket bucket, CancellationToken cancellationToken);
}
