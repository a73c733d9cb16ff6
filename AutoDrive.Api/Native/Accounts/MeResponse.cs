using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Accounts;

/// <summary><c>GET /api@me</c> and <c>GET /api/users/@me</c>: the user and their subscription.</summary>
public sealed record MeResponse
{
    public required UserResponse User { get; init; }

    public required SubscriptionResponse Subscription { get; init; }

    public static MeResponse From(AccountView account) =>
        new() { User = UserResponse.From(account), Subscription = SubscriptionResponse.From(account) };
}
