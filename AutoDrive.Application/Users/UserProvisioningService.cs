using AutoDrive.Application.Common;
using AutoDrive.Domain.Users;

namespace AutoDrive.Application.Users;

/// <summary>Creates users and attaches keys to them, idempotently (safe to run at every start).</summary>
public sealed class UserProvisioningService(IUserRepository users, IUnitOfWork unitOfWork, TimeProvider time)
{
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

                user.IssueApiKey(hash, "bootstrap", now);
                user.SetLimits(seed.UploadLimit, seed.DownloadLimit);
                return new AuthenticatedUser(user.Id, user.Name);
            },
            cancellationToken);
    }
}
