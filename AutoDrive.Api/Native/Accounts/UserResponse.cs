using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Accounts;

/// <summary>Auto Drive's user: the public id is what others share with.</summary>
public sealed record UserResponse
{
    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string PublicId { get; init; }

    /// <example>apikey</example>
    public string OauthProvider { get; init; } = NativeIdentity.Provider;

    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string OauthUserId { get; init; }

    /// <example>alice</example>
    public string? OauthUsername { get; init; }

    /// <example>User</example>
    public string Role { get; init; } = "User";

    public bool Onboarded { get; init; } = true;

    public string? OrganizationId { get; init; }

    public static UserResponse From(AccountView account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new UserResponse { PublicId = account.PublicId, OauthUserId = account.PublicId, OauthUsername = account.Name };
    }
}
