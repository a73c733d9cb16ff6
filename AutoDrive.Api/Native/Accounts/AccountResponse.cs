using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Accounts;

/// <summary>
/// Auto Drive's AccountInfo: limits in bytes and the credits left (null: unlimited). Limits are totals
/// (<c>model: one_off</c>): credits are charged as uploads complete and downloads start, and never renew by themselves.
/// </summary>
public sealed record AccountResponse
{
    /// <summary>The user's public id.</summary>
    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string Id { get; init; }

    public string? OrganizationId { get; init; }

    /// <example>1073741824</example>
    public long? UploadLimit { get; init; }

    /// <example>10737418240</example>
    public long? DownloadLimit { get; init; }

    /// <example>one_off</example>
    public string Model { get; init; } = Granularity;

    /// <example>1073741811</example>
    public long? PendingUploadCredits { get; init; }

    /// <example>10737418240</example>
    public long? PendingDownloadCredits { get; init; }

    public const string Granularity = "one_off";

    public static AccountResponse From(AccountView account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountResponse
        {
            Id = account.PublicId,
            UploadLimit = account.UploadLimit,
            DownloadLimit = account.DownloadLimit,
            PendingUploadCredits = account.PendingUploadCredits,
            PendingDownloadCredits = account.PendingDownloadCredits,
        };
    }
}
