using AutoDrive.Application.Accounts;
using AutoDrive.Application.Common;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Users;
using AutoMapper;

namespace AutoDrive.Application.Admin;

/// <summary>
/// What an operator does (through <c>/api/admin</c> with the admin key, or the server's <c>users</c> command): create users
/// and their first key, set their limits, see usage, manage anyone's keys. Users are named by id or by name.
/// </summary>
public sealed class AdminService(
    IUserRepository users,
    IUsageQuery usage,
    AccountService accounts,
    IUnitOfWork unitOfWork,
    IMapper mapper,
    TimeProvider time)
{
    public const int MaxPageSize = 1000;

    /// <summary>Creates a user with the given limits (null: unlimited) and their first API key.</summary>
    public async Task<(AccountView User, IssuedApiKey Key)> CreateUserAsync(
        string? name, long? uploadLimit, long? downloadLimit, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecret.Generate();
        return await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var trimmed = name?.Trim() ?? string.Empty;
                if (await users.FindByNameAsync(trimmed, ct) is not null)
                {
                    throw new DomainException(ErrorKind.AlreadyExists, $"A user named \"{trimmed}\" exists already.");
                }

                var now = time.GetUtcNow();
                var user = User.Register(trimmed, now);
                user.SetLimits(uploadLimit, downloadLimit);
                var key = user.IssueApiKey(ApiKeyHash.Compute(secret), "first key", now, null, ApiKey.HintOf(secret));
                users.Add(user);
                return (mapper.Map<AccountView>(user), new IssuedApiKey(mapper.Map<ApiKeyView>(key), secret));
            },
            cancellationToken);
    }

    public Task<UserUsagePage> ListUsersAsync(int? limit, int? offset, CancellationToken cancellationToken)
    {
        if (limit < 0 || offset < 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "'limit' and 'offset' are non-negative integers.");
        }

        return usage.ListUsersAsync(Math.Min(limit ?? 100, MaxPageSize), offset ?? 0, cancellationToken);
    }

    public Task<StorageUsage> GetStorageAsync(CancellationToken cancellationToken) => usage.GetStorageAsync(cancellationToken);

    public async Task<AccountView> GetUserAsync(string user, CancellationToken cancellationToken) =>
        mapper.Map<AccountView>(await FindAsync(user, cancellationToken));

    public Task<AccountView> SetLimitsAsync(string user, long? uploadLimit, long? downloadLimit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async ct =>
            {
                var found = await FindAsync(user, ct);
                found.SetLimits(uploadLimit, downloadLimit);
                return mapper.Map<AccountView>(found);
            },
            cancellationToken);

    public async Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(string user, CancellationToken cancellationToken) =>
        await accounts.ListKeysAsync((await FindAsync(user, cancellationToken)).Id, cancellationToken);

    public async Task<IssuedApiKey> CreateKeyAsync(string user, string? name, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        await accounts.CreateKeyAsync((await FindAsync(user, cancellationToken)).Id, name, expiresAt, cancellationToken);

    public async Task RevokeKeyAsync(string user, Guid keyId, CancellationToken cancellationToken) =>
        await accounts.RevokeKeyAsync((await FindAsync(user, cancellationToken)).Id, keyId, cancellationToken);

    /// <summary>A user by id, or else by name.</summary>
    private async Task<User> FindAsync(string user, CancellationToken cancellationToken)
    {
        var found = Guid.TryParse(user, out var id)
            ? await users.FindByIdAsync(id, cancellationToken)
            : await users.FindByNameAsync(user ?? string.Empty, cancellationToken);
        return found ?? throw new DomainException(ErrorKind.NotFound, $"No user \"{user}\" (give a user's id or name).");
    }
}
