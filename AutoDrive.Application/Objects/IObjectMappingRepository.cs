using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

public interface IObjectMappingRepository
{
    /// <summary>The caller's mapping of (bucket, key), tracked for update.</summary>
    Task<ObjectMapping?> FindAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken);

    /// <summary>The caller's mapping of (bucket, key) to read (GET, HEAD, a copy's source): not tracked, so never saved.</summary>
    Task<ObjectMapping?> FindForReadAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken);

    void Add(ObjectMapping mapping);
}
