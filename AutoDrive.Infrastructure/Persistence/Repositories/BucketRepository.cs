using AutoDrive.Application.Buckets;
using AutoDrive.Domain.Buckets;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class BucketRepository(AutoDriveDbContext db) : IBucketRepository
{
    public Task<Bucket?> FindAsync(Guid ownerId, BucketName name, CancellationToken cancellationToken) =>
        db.Buckets.FirstOrDefaultAsync(b => b.OwnerId == ownerId && b.Name == name.Value, cancellationToken);

    public async Task EnsureExistsAsync(Bucket bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);

        // An upsert, not read-then-insert: concurrent first writes into a new bucket must both succeed.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO buckets (id, owner_id, name, created_at)
            VALUES ({bucket.Id}, {bucket.OwnerId}, {bucket.Name}, {bucket.CreatedAt})
            ON CONFLICT (owner_id, name) DO NOTHING
            """,
            cancellationToken);
    }
}
