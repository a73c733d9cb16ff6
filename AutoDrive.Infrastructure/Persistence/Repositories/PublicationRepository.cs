using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class PublicationRepository(AutoDriveDbContext db) : IPublicationRepository
{
    public Task<Publication?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<Publication?> FindByPublisherAsync(Cid cid, Guid userId, CancellationToken cancellationToken) =>
        db.Publications.AsNoTracking().OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(p => p.Cid == cid.Value && p.UserId == userId, cancellationToken);

    public void Add(Publication publication) => db.Publications.Add(publication);

    public async Task<bool> RemoveAsync(Cid cid, Guid userId, CancellationToken cancellationToken) =>
        await db.Publications.Where(p => p.Cid == cid.Value && p.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
}
