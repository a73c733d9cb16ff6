using System.Runtime.CompilerServices;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class ObjectMappingRepository(AutoDriveDbContext db) : IObjectMappingRepository
{
    /// <summary>
    /// Every GET and HEAD runs this: compiled (EF Core otherwise re-examines the expression tree on every call) and
    /// untracked (nothing to snapshot for change detection). A compiled query serves one model only, and a process may
    /// hold several (each test gateway, the tests' own contexts): one compiled query per model.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Func<AutoDriveDbContext, Guid, string, string, CancellationToken, Task<ObjectMapping?>>> FindUntracked = new();

    private static Func<AutoDriveDbContext, Guid, string, string, CancellationToken, Task<ObjectMapping?>> CompileFindUntracked(IModel model) =>
        EF.CompileAsyncQuery((AutoDriveDbContext context, Guid ownerId, string bucket, string key, CancellationToken _) =>
            context.ObjectMappings.AsNoTracking().FirstOrDefault(m => m.OwnerId == ownerId && m.BucketName == bucket && m.Key == key));

    public Task<ObjectMapping?> FindAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        db.ObjectMappings.FirstOrDefaultAsync(
            m => m.OwnerId == ownerId && m.BucketName == bucket.Value && m.Key == key.Value,
            cancellationToken);

    public Task<ObjectMapping?> FindForReadAsync(Guid ownerId, BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        FindUntracked.GetValue(db.Model, CompileFindUntracked)(db, ownerId, bucket.Value, key.Value, cancellationToken);

    public void Add(ObjectMapping mapping) => db.ObjectMappings.Add(mapping);
}
