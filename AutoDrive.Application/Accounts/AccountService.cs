using AutoDrive.Application.Common;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Users;
using AutoMapper;

namespace AutoDrive.Application.Accounts;

/// <summary>
/// A user's account and API keys: read the account (limits and credits left), create a key (its secret is shown once
/// and only its hash is kept), list keys (masked), revoke a key (refused by both APIs from the next request on). A user
/// only ever sees and revokes their own keys.
/// </summary>
public sealed class AccountService(IUserRepository users, IUnitOfWork unitOfWork, IMapper mapper, TimeProvider time)
{
    public async Task<AccountView> GetAsync(Guid userId, CancellationToken cancellationToken) =>
        mapper.Map<AccountView>(await RequireAsync(userId, cancellationToken));

    public async Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await RequireAsync(userId, cancellationToken);
        return user.ApiKeys.Where(k => k.RevokedAt is null).OrderBy(k => k.CreatedAt).Select(mapper.Map<ApiKeyView>).ToList();
    }

    public Task<IssuedApiKey> CreateKeyAsync(Guid userId, string? name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecret.Generate();
        return unitOfWork.ExecuteAsync(
            async ct =>
            {
                var user = await RequireAsync(userId, ct);
                var key = user.IssueApiKey(ApiKeyHash.Compute(secret), name ?? string.Empty, time.GetUtcNow(), expiresAt, ApiKey.HintOf(secret));
                return new IssuedApiKey(mapper.Map<ApiKeyView>(key), secret);
            },
            cancellationToken);
    }

    public Task RevokeKeyAsync(Guid userId, Guid keyId, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async ct =>
            {
                var user = await RequireAsync(userId, ct);
                user.RevokeApiKey(keyId, time.GetUtcNow());
                return true;
            },
            cancellationToken);

    private async Task<User> RequireAsync(Guid userId, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(userId, cancellationToken) ?? throw new DomainException(ErrorKind.NotFound, "No such user.");
}
