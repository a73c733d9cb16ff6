using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Accounts;

/// <summary>Auto Drive's SubscriptionInfo (what the SDK's <c>getPendingCredits</c> and <c>getSubscriptionInfo</c> read).</summary>
public sealed record SubscriptionResponse
{
    public required string Id { get; init; }

    public string? OrganizationId { get; init; }

    public long? UploadLimit { get; init; }

    public long? DownloadLimit { get; init; }

    /// <example>one_off</example>
    public string Granularity { get; init; } = AccountResponse.Granularity;

    public long? PendingUploadCredits { get; init; }

    public long? PendingDownloadCredits { get; init; }

    public static SubscriptionResponse From(AccountView account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new SubscriptionResponse
        {
            Id = account.PublicId,
            UploadLimit = account.UploadLimit,
            DownloadLimit = account.DownloadLimit,
            PendingUploadCredits = account.PendingUploadCredits,
            PendingDownloadCredits = account.PendingDownloadCredits,
        };
    }
}
