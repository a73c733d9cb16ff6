using AutoDrive.Domain.Users;

namespace AutoDrive.Application.Users;

/// <summary>
/// Recognises an API key (the S3 access key id, or the native API's bearer key). A key found usable is kept in
/// <see cref="IApiKeyCache"/>, which forgets it as soon as any key or user changes, so a revoked key is refused by both
/// APIs from then on. Callers with a credit limit are not cached: the credits they have left are read with the key, and
/// a write is refused before its body is read when they do not suffice, which needs the current figure.
/// </summary>
public sealed class ApiKeyAuthenticator(IUserRepository users, IApiKeyCache cache, TimeProvider time)
{
    /// <summary>The key's user, or null when the key is unknown, revoked or expired.</summary>
    public async Task<AuthenticatedUser?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return null;
        }

        var hash = ApiKeyHash.Compute(apiKey);
        var now = time.GetUtcNow();
        if (cache.TryGet(hash, now, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        var user = await users.FindByApiKeyHashAsync(hash, cancellationToken);
        if (user?.FindUsableKey(hash, now) is not { } key)
        {
            return null;
        }

        var caller = new AuthenticatedUser(user.Id, user.Name, user.PendingUploadCredits, user.PendingDownloadCredits);
        if (caller.PendingUploadCredits is null && caller.PendingDownloadCredits is null)
        {
            cache.Store(hash, caller, key.ExpiresAt, generation, now);
        }

        return caller;
    }
}
