using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Native;

internal sealed class NativeObjectQuery(AutoDriveDbContext db) : INativeObjectQuery
{
    public async Task<ObjectAccess> GetAccessAsync(Guid? userId, Cid cid, CancellationToken cancellationToken)
    {
        var content = await db.StoredContents.AsNoTracking().FirstOrDefaultAsync(c => c.Cid == cid.Value, cancellationToken);
        if (content is null)
        {
            return new ObjectAccess(null, null, false);
        }

        var hold = userId is { } id
            ? await db.ContentOwnerships.AsNoTracking().FirstOrDefaultAsync(o => o.Cid == cid.Value && o.UserId == id, cancellationToken)
            : null;
        var published = await db.Publications.AnyAsync(p => p.Cid == cid.Value, cancellationToken);
        return new ObjectAccess(content, hold, published);
    }

    public async Task<ObjectPage> ListRootsAsync(Guid userId, RootsView view, int limit, int offset, CancellationToken cancellationToken)
    {
        if (view == RootsView.Published)
        {
            var published = db.Publications.AsNoTracking()
                .GroupBy(p => p.Cid)
                .Select(g => new { Cid = g.Key, PublishedAt = g.Min(p => p.CreatedAt) })
                .Join(db.StoredContents.AsNoTracking(), p => p.Cid, c => c.Cid, (p, c) => new { p.PublishedAt, Content = c });
            var publishedTotal = await published.LongCountAsync(cancellationToken);
            var publishedRows = await published
                .OrderByDescending(x => x.PublishedAt).ThenBy(x => x.Content.Cid)
                .Skip(offset).Take(limit)
                .Select(x => x.Content)
                .ToListAsync(cancellationToken);
            return new ObjectPage(publishedRows.Select(NativeObjectRow.From).ToList(), publishedTotal);
        }

        var holds = db.ContentOwnerships.AsNoTracking().Where(o => o.UserId == userId && o.IsRoot);
        holds = view switch
        {
            RootsView.Mine => holds.Where(o => o.Role == OwnerRole.Admin && o.TrashedAt == null),
            RootsView.Shared => holds.Where(o => o.Role == OwnerRole.Viewer && o.TrashedAt == null),
            _ => holds.Where(o => o.TrashedAt != null),
        };
        var rows = holds.Join(db.StoredContents.AsNoTracking(), o => o.Cid, c => c.Cid, (o, c) => new { Hold = o, Content = c });
        var total = await rows.LongCountAsync(cancellationToken);
        var page = await rows
            .OrderByDescending(x => x.Hold.CreatedAt).ThenBy(x => x.Hold.Cid)
            .Skip(offset).Take(limit)
            .Select(x => x.Content)
            .ToListAsync(cancellationToken);
        return new ObjectPage(page.Select(NativeObjectRow.From).ToList(), total);
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(Guid userId, bool published, string text, int limit, CancellationToken cancellationToken)
    {
        var candidates = published
            ? db.StoredContents.AsNoTracking().Where(c => db.Publications.Any(p => p.Cid == c.Cid))
            : db.StoredContents.AsNoTracking().Where(c => db.ContentOwnerships.Any(o => o.Cid == c.Cid && o.UserId == userId && o.TrashedAt == null));
        var pattern = "%" + EscapeLike(text) + "%";
        var byName = await candidates
            .Where(c => EF.Functions.ILike(c.Name, pattern, "\\"))
            .OrderBy(c => c.Name).ThenBy(c => c.Cid)
            .Take(limit)
            .Select(c => new SearchHit(c.Cid, c.Name))
            .ToListAsync(cancellationToken);
        if (byName.Count < limit && Cid.IsValid(text) && byName.All(h => h.Cid != text))
        {
            var byCid = await candidates.Where(c => c.Cid == text).Select(c => new SearchHit(c.Cid, c.Name)).FirstOrDefaultAsync(cancellationToken);
            if (byCid is not null)
            {
                byName.Add(byCid);
            }
        }

        return byName;
    }

    public async Task<IReadOnlyList<OwnerRow>> ListOwnersAsync(Cid cid, Guid? callerId, CancellationToken cancellationToken)
    {
        if (callerId is not { } caller)
        {
            return [];
        }

        var holds = db.ContentOwnerships.AsNoTracking().Where(o => o.Cid == cid.Value);
        var sharedBy = holds.Where(o => o.UserId == caller).Select(o => o.GrantedBy);
        return await holds
            .Where(o => o.UserId == caller || o.GrantedBy == caller || sharedBy.Contains(o.UserId))
            .Join(db.Users.AsNoTracking(), o => o.UserId, u => u.Id, (o, u) => new { u.PublicId, o.Role, o.CreatedAt })
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.PublicId)
            .Select(x => new OwnerRow(x.PublicId, x.Role))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FolderEntry>> ListFolderEntriesAsync(Cid folder, CancellationToken cancellationToken)
    {
        var rows = await db.FolderEntries.AsNoTracking().Where(e => e.FolderCid == folder.Value).OrderBy(e => e.Position).ToListAsync(cancellationToken);
        return rows.Select(e => new FolderEntry(e.Position, Cid.Parse(e.ChildCid), Enum.Parse<ContentKind>(e.Kind), e.Name, e.Size)).ToList();
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
