using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class StoredContentRepository(AutoDriveDbContext db) : IStoredContentRepository
{
    public async Task RecordAsync(StoredContent content, ContentOwnership ownership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(ownership);

        // Upserts: the same content may be uploaded by several users at once (deduplication).
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO stored_contents (cid, size, node_count, created_at)
            VALUES ({content.Cid}, {content.Size}, {content.NodeCount}, {content.CreatedAt})
            ON CONFLICT (cid) DO NOTHING
            """,
            cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO content_ownerships (cid, user_id, created_at)
            VALUES ({ownership.Cid}, {ownership.UserId}, {ownership.CreatedAt})
            ON CONFLICT (cid, user_id) DO NOTHING
            """,
            cancellationToken);
    }
}
