using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class StoredContentRepository(AutoDriveDbContext db) : IStoredContentRepository
{
    public async Task RecordAsync(StoredContent content, ContentOwnership ownership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(ownership);

        // One statement (one round trip): the content row (an upsert, as in InsertContentAsync), then the hold. The hold
        // only grows (Viewer → Admin, member → root), and an upload takes it out of the trash, with every key of the
        // user's that points at the content. The DO UPDATE runs only when something changes: a repeated upload writes
        // nothing. "prior" reads the row as it was before this statement. Every part of a WITH runs, used or not, and
        // the foreign key from the hold to the content is checked at the end of the statement, when both rows exist.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            WITH content AS (
                INSERT INTO stored_contents (cid, kind, name, upload_options, size, node_count, mime_type, created_at)
                VALUES ({content.Cid}, {content.Kind.ToString()}, {content.Name}, {UploadOptionsColumn.Serialize(content.Options)}::jsonb,
                        {content.Size}, {content.NodeCount}, {content.MimeType}, {content.CreatedAt})
                ON CONFLICT (cid) DO NOTHING
            ), prior AS (
                SELECT trashed_at FROM content_ownerships WHERE cid = {ownership.Cid} AND user_id = {ownership.UserId}
            ), upsert AS (
                INSERT INTO content_ownerships (cid, user_id, role, is_root, granted_by, created_at, trashed_at)
                VALUES ({ownership.Cid}, {ownership.UserId}, {ownership.Role.ToString()}, {ownership.IsRoot}, {ownership.GrantedBy}, {ownership.CreatedAt}, NULL)
                ON CONFLICT (cid, user_id) DO UPDATE SET
                    role = CASE WHEN excluded.role = 'Admin' THEN 'Admin' ELSE content_ownerships.role END,
                    is_root = content_ownerships.is_root OR excluded.is_root,
                    trashed_at = CASE WHEN excluded.role = 'Admin' THEN NULL ELSE content_ownerships.trashed_at END
                WHERE (excluded.role = 'Admin' AND (content_ownerships.trashed_at IS NOT NULL OR content_ownerships.role <> 'Admin'))
                   OR (excluded.is_root AND NOT content_ownerships.is_root)
                RETURNING 1
            )
            UPDATE object_mappings SET trashed_at = NULL
            WHERE owner_id = {ownership.UserId} AND cid = {ownership.Cid} AND trashed_at IS NOT NULL
              AND {ownership.Role.ToString()} = 'Admin'
              AND EXISTS (SELECT 1 FROM prior WHERE trashed_at IS NOT NULL)
            """,
            cancellationToken);
    }

    public async Task RecordFolderAsync(StoredContent folder, IReadOnlyList<FolderEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(entries);
        await InsertContentAsync(folder, cancellationToken);
        if (entries.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO folder_entries (folder_cid, position, child_cid, kind, name, size)
            SELECT @folder, e.position, e.child_cid, e.kind, e.name, e.size
            FROM unnest(@positions, @cids, @kinds, @names, @sizes) AS e(position, child_cid, kind, name, size)
            ON CONFLICT (folder_cid, position) DO NOTHING
            """,
            [
                new NpgsqlParameter("folder", NpgsqlDbType.Text) { Value = folder.Cid },
                new NpgsqlParameter("positions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = entries.Select(e => e.Position).ToArray() },
                new NpgsqlParameter("cids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.Select(e => e.Cid.Value).ToArray() },
                new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.Select(e => e.Kind.ToString()).ToArray() },
                new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.Select(e => e.Name).ToArray() },
                new NpgsqlParameter("sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = entries.Select(e => e.Size).ToArray() },
            ],
            cancellationToken);
    }

    public Task<StoredContent?> FindAsync(Cid cid, CancellationToken cancellationToken) =>
        db.StoredContents.AsNoTracking().FirstOrDefaultAsync(c => c.Cid == cid.Value, cancellationToken);

    /// <summary>An upsert: the same content may be uploaded by several users at once (deduplication); the first row stays.</summary>
    private Task<int> InsertContentAsync(StoredContent content, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO stored_contents (cid, kind, name, upload_options, size, node_count, mime_type, created_at)
            VALUES ({content.Cid}, {content.Kind.ToString()}, {content.Name}, {UploadOptionsColumn.Serialize(content.Options)}::jsonb,
                    {content.Size}, {content.NodeCount}, {content.MimeType}, {content.CreatedAt})
            ON CONFLICT (cid) DO NOTHING
            """,
            cancellationToken);
}
