using AutoDrive.Application.Common;
using AutoDrive.Domain.Users;

namespace AutoDrive.Application.Users;

/// <summary>Creates users and attaches keys to them, idempotently (safe to run at every start).</summary>
public sealed class UserProvisioningService(IUserRepository users, IUnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>The name of the keys made from configuration (and of the local user's generated key).</summary>
    public const string BootstrapKeyName = "bootstrap";

    public async Task<AuthenticatedUser> EnsureAsync(UserSeed seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (string.IsNullOrEmpty(seed.ApiKey))
        {
            throw new ArgumentException($"User '{seed.Name}' needs an API key.", nameof(seed));
        }

        return await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var hash = ApiKeyHash.Compute(seed.ApiKey);
                var holder = await users.FindByApiKeyHashAsync(hash, ct);
                if (holder is not null && !string.Equals(holder.Name, seed.Name, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The API key configured for '{seed.Name}' already belongs to another user.");
                }

                var now = time.GetUtcNow();
                var user = holder ?? await users.FindByNameAsync(seed.Name, ct);
                if (user is null)
                {
                    user = User.Register(seed.Name, now);
                    users.Add(user);
                }

                user.IssueApiKey(hash, BootstrapKeyName, now);
                user.SetLimits(seed.UploadLimit, seed.DownloadLimit);
                return new AuthenticatedUser(user.Id, user.Name);
            },
            cancellationToken);
    }

    /// <summary>
    /// Revokes every bootstrap key that is not among <paramref name="seeds"/>' keys: configuration is the source of
    /// truth for them, so a key removed from it stops working at the next start. Keys users created themselves
    /// (through the API) are not touched.
    /// </summary>
    /// <returns>How many keys were revoked.</returns>
    public async Task<int> RevokeUnlistedBootstrapKeysAsync(IReadOnlyCollection<UserSeed> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var listed = seeds.Select(s => Convert.ToHexString(ApiKeyHash.Compute(s.ApiKey).Value.Span)).ToHashSet(StringComparer.Ordinal);
        return await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var now = time.GetUtcNow();
                var revoked = 0;
                foreach (var user in await users.FindWithUsableKeysNamedAsync(BootstrapKeyName, ct))
                {
                    // Keys issued from configuration carry no hint; a key a user created through the API and happened to name
                    // "bootstrap" has one, and is not configuration's to revoke.
                    foreach (var key in user.ApiKeys.Where(k => k.Name == BootstrapKeyName && k.Hint is null && k.IsUsableAt(now)).ToList())
                    {
                        if (!listed.Contains(Convert.ToHexString(key.Hash.Span)))
                        {
                            user.RevokeApiKey(key.Id, now);
                            revoked++;
                        }
                    }
                }

                return revoked;
            },
            cancellationToken);
    }
}
