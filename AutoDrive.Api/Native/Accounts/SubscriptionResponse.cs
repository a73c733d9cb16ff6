using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Accounts;

/// <summary>Auto Drive's SubscriptionInfo (what the SDK's <c>getPendingCredits</c> and <c>getSubscriptionInfo</c> read).</summary>
public sealed record SubscriptionResponse
{
    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string Id { get; init; }

    public string? OrganizationId { get; init; }

    /// <example>1073741824</example>
    public long? UploadLimit { get; init; }

    /// <example>10737418240</example>
    public long? DownloadLimit { get; init; }

    /// <example>one_off</example>
    public string Granularity { get; init; } = AccountResponse.Granularity;

    /// <example>1073741811</example>
    public long? PendingUploadCredits { get; init; }

    /// <example>10737418240</example>
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
