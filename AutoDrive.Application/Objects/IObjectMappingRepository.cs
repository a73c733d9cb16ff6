using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

public interface IObjectMappingRepository
{
    /// <summary>The caller's mapping of (bucket, key), tracked for update.</summary>
    Task<ObjectMapping?> FindAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken);

    void Add(ObjectMapping mapping);
}
