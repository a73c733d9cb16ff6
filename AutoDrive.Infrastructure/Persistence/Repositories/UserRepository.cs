using AutoDrive.Application.Users;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

internal sealed class UserRepository(AutoDriveDbContext db) : IUserRepository
{
    public Task<User?> FindByApiKeyHashAsync(ApiKeyHash hash, CancellationToken cancellationToken)
    {
        var bytes = hash.ToArray();
        return db.Users.Include(u => u.ApiKeys)
            .FirstOrDefaultAsync(u => u.ApiKeys.Any(k => EF.Property<byte[]>(k, ApiKeyConfiguration.HashField) == bytes), cancellationToken);
    }

    public Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        db.Users.Include(u => u.ApiKeys).FirstOrDefaultAsync(u => u.Name == name, cancellationToken);

    public Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.Include(u => u.ApiKeys).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public Task<User?> FindByPublicIdAsync(string publicId, CancellationToken cancellationToken) =>
        db.Users.Include(u => u.ApiKeys).FirstOrDefaultAsync(u => u.PublicId == publicId, cancellationToken);

    public async Task<IReadOnlyList<User>> FindWithUsableKeysNamedAsync(string keyName, CancellationToken cancellationToken) =>
        await db.Users.Include(u => u.ApiKeys)
            .Where(u => u.ApiKeys.Any(k => k.Name == keyName && k.RevokedAt == null))
            .ToListAsync(cancellationToken);

    public void Add(User user) => db.Users.Add(user);
}
