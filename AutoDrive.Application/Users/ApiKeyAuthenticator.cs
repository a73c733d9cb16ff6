using AutoDrive.Domain.Users;

namespace AutoDrive.Application.Users;

/// <summary>
/// Recognises an API key (the S3 access key id, or the native API's bearer key). Every request reads the key's state
/// from the database, so a revoked key is refused by both APIs from the next request on.
/// </summary>
public sealed class ApiKeyAuthenticator(IUserRepository users, TimeProvider time)
{
    /// <summary>The key's user, or null when the key is unknown, revoked or expired.</summary>
    public async Task<AuthenticatedUser?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return null;
        }

        var hash = ApiKeyHash.Compute(apiKey);
        var user = await users.FindByApiKeyHashAsync(hash, cancellationToken);
        return user is not null && user.HasUsableKey(hash, time.GetUtcNow())
            ? new AuthenticatedUser(user.Id, user.Name, user.PendingUploadCredits, user.PendingDownloadCredits)
            : null;
    }
}
