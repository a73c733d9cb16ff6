using AutoDrive.Domain.Users;

namespace AutoDrive.Application.Users;

public interface IUserRepository
{
    /// <summary>The user owning a key with this hash (usable or not), with its keys.</summary>
    Task<User?> FindByApiKeyHashAsync(ApiKeyHash hash, CancellationToken cancellationToken);

    Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken);

    Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<User?> FindByPublicIdAsync(string publicId, CancellationToken cancellationToken);

    /// <summary>The users holding a usable (not revoked) key named <paramref name="keyName"/>, with their keys.</summary>
    Task<IReadOnlyList<User>> FindWithUsableKeysNamedAsync(string keyName, CancellationToken cancellationToken);

    void Add(User user);
}
