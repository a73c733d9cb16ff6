using AutoDrive.Application.Objects;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class ObjectMappingRepository(AutoDriveDbContext db) : IObjectMappingRepository
{
    /// <summary>
    /// Every GET and HEAD runs this: compiled once (EF Core otherwise re-examines the expression tree on every call)
    /// and untracked (nothing to snapshot for change detection).
    /// </summary>
    private static readonly Func<AutoDriveDbContext, Guid, string, string, CancellationToken, Task<ObjectMapping?>> FindUntracked =
        EF.CompileAsyncQuery((AutoDriveDbContext context, Guid ownerId, string bucket, string key, CancellationToken _) =>
            context.ObjectMappings.AsNoTracking().FirstOrDefault(m => m.OwnerId == ownerId && m.BucketName == bucket && m.Key == key));

    public Task<ObjectMapping?> FindAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        db.ObjectMappings.FirstOrDefaultAsync(
            m => m.OwnerId == ownerId && m.BucketName == bucket.Value && m.Key == key.Value,
            cancellationToken);

    public Task<ObjectMapping?> FindForReadAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        FindUntracked(db, ownerId, bucket.Value, key.Value, cancellationToken);

    public void Add(ObjectMapping mapping) => db.ObjectMappings.Add(mapping);
}
