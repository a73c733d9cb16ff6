using AutoDrive.Application.Buckets;
using AutoDrive.Domain.Buckets;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class BucketRepository(AutoDriveDbContext db, KnownBuckets known) : IBucketRepository
{
    public Task<Bucket?> FindAsync(Guid ownerId, BucketName name, CancellationToken cancellationToken) =>
        db.Buckets.FirstOrDefaultAsync(b => b.OwnerId == ownerId && b.Name == name.Value, cancellationToken);

    public async Task EnsureExistsAsync(Bucket bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        if (known.Contains(bucket.OwnerId, bucket.Name))
        {
            return;
        }

        // An upsert, not read-then-insert: concurrent first writes into a new bucket must both succeed. No row
        // inserted means the bucket was already there, committed (a conflicting insert still in progress is waited
        // for), and buckets are never removed: from then on this gateway skips the statement for it.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO buckets (id, owner_id, name, created_at)
            VALUES ({bucket.Id}, {bucket.OwnerId}, {bucket.Name}, {bucket.CreatedAt})
            ON CONFLICT (owner_id, name) DO NOTHING
            """,
            cancellationToken);
        if (inserted == 0)
        {
            known.Add(bucket.OwnerId, bucket.Name);
        }
    }
}
