using AutoDrive.Application.Admin;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Admin;

internal sealed class UsageQuery(AutoDriveDbContext db) : IUsageQuery
{
    public async Task<UserUsagePage> ListUsersAsync(int limit, int offset, CancellationToken cancellationToken)
    {
        var total = await db.Users.LongCountAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<UserUsage>(
            $"""
            SELECT u.id AS id, u.name AS name, u.public_id AS public_id, u.created_at AS created_at,
                   (SELECT count(*) FROM content_ownerships o
                     WHERE o.user_id = u.id AND o.is_root AND o.role = 'Admin' AND o.trashed_at IS NULL) AS objects,
                   (SELECT coalesce(sum(c.size), 0)::bigint FROM content_ownerships o JOIN stored_contents c ON c.cid = o.cid
                     WHERE o.user_id = u.id AND o.is_root AND o.role = 'Admin' AND o.trashed_at IS NULL) AS bytes,
                   (SELECT count(*) FROM object_mappings m WHERE m.owner_id = u.id) AS keys,
                   u.upload_limit AS upload_limit, u.download_limit AS download_limit,
                   u.uploaded_bytes AS uploaded_bytes, u.downloaded_bytes AS downloaded_bytes,
                   (SELECT count(*)::int FROM api_keys k WHERE k.user_id = u.id AND k.revoked_at IS NULL) AS active_api_keys
            FROM users u
            ORDER BY u.name
            LIMIT {limit} OFFSET {offset}
            """).ToListAsync(cancellationToken);
        return new UserUsagePage(rows, total);
    }

    public async Task<StorageUsage> GetStorageAsync(CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<StorageUsage>(
            $"""
            SELECT (SELECT count(*) FROM users) AS users,
                   (SELECT count(*) FROM stored_contents WHERE kind = 'File') AS files,
                   (SELECT count(*) FROM stored_contents WHERE kind = 'Folder') AS folders,
                   (SELECT coalesce(sum(size), 0)::bigint FROM stored_contents WHERE kind = 'File') AS stored_bytes,
                   (SELECT count(*) FROM object_mappings) AS mapped_keys
            """).ToListAsync(cancellationToken)).Single();
}
