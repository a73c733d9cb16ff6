using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

/// <summary>
/// Trash, restore and share by SQL over a content and, for a folder, everything under it (a recursive walk of
/// <c>folder_entries</c>). A trashed hold hides the user's keys pointing at the same content: <c>object_mappings.trashed_at</c>
/// mirrors it, so listings filter on their own table (and index).
/// </summary>
internal sealed class OwnershipRepository(AutoDriveDbContext db) : IOwnershipRepository
{
    /// <summary>The content and every content under it, when it is a folder.</summary>
    private const string Tree = """
        WITH RECURSIVE tree(cid) AS (
            SELECT CAST({0} AS text) COLLATE "C"
            UNION
            SELECT CAST(e.child_cid AS text) COLLATE "C" FROM folder_entries e JOIN tree t ON e.folder_cid = t.cid
        )
        """;

    public Task<ContentOwnership?> FindAsync(Guid userId, Cid cid, CancellationToken cancellationToken) =>
        db.ContentOwnerships.AsNoTracking().FirstOrDefaultAsync(o => o.UserId == userId && o.Cid == cid.Value, cancellationToken);

    public Task TrashAsync(Guid userId, Cid cid, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            Tree + """
            , hidden AS (
                UPDATE content_ownerships o SET trashed_at = {2}
                WHERE o.user_id = {1} AND o.trashed_at IS NULL AND o.cid IN (SELECT cid FROM tree)
                  AND (o.cid = {0} OR NOT o.is_root)
                RETURNING o.cid
            )
            UPDATE object_mappings m SET trashed_at = {2}
            WHERE m.owner_id = {1} AND m.trashed_at IS NULL AND m.cid IN (SELECT cid FROM hidden)
            """,
            [cid.Value, userId, now],
            cancellationToken);

    public Task RestoreAsync(Guid userId, Cid cid, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            Tree + """
            , shown AS (
                UPDATE content_ownerships o SET trashed_at = NULL
                WHERE o.user_id = {1} AND o.trashed_at IS NOT NULL AND o.cid IN (SELECT cid FROM tree)
                  AND (o.cid = {0} OR NOT o.is_root)
                RETURNING o.cid
            )
            UPDATE object_mappings m SET trashed_at = NULL
            WHERE m.owner_id = {1} AND m.trashed_at IS NOT NULL AND m.cid IN (SELECT cid FROM shown)
            """,
            [cid.Value, userId],
            cancellationToken);

    public Task ShareAsync(Cid cid, Guid fromUserId, Guid toUserId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            Tree + """
            INSERT INTO content_ownerships (cid, user_id, role, is_root, granted_by, created_at, trashed_at)
            SELECT t.cid, {2}, 'Viewer', t.cid = {0}, {1}, {3}, NULL FROM tree t
            ON CONFLICT (cid, user_id) DO UPDATE SET is_root = TRUE
            WHERE excluded.is_root AND NOT content_ownerships.is_root
            """,
            [cid.Value, fromUserId, toUserId, now],
            cancellationToken);
}
