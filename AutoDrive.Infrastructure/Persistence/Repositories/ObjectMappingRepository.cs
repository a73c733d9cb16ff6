using AutoDrive.Application.Objects;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class ObjectMappingRepository(AutoDriveDbContext db) : IObjectMappingRepository
{
    public Task<ObjectMapping?> FindAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        db.ObjectMappings.FirstOrDefaultAsync(
            m => m.OwnerId == ownerId && m.BucketName == bucket.Value && m.Key == key.Value,
            cancellationToken);

    public void Add(ObjectMapping mapping) => db.ObjectMappings.Add(mapping);
}
