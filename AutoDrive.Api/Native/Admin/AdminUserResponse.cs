using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Admin;

/// <summary>A user as operators see them: limits (null: unlimited), credits used and left.</summary>
public sealed record AdminUserResponse
{
    public required Guid Id { get; init; }

    /// <example>carol</example>
    public required string Name { get; init; }

    public required string PublicId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public long? UploadLimit { get; init; }

    public long? DownloadLimit { get; init; }

    public long UploadedBytes { get; init; }

    public long DownloadedBytes { get; init; }

    public long? PendingUploadCredits { get; init; }

    public long? PendingDownloadCredits { get; init; }

    public static AdminUserResponse From(AccountView account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AdminUserResponse
        {
            Id = account.Id,
            Name = account.Name,
            PublicId = account.PublicId,
            CreatedAt = account.CreatedAt,
            UploadLimit = account.UploadLimit,
            DownloadLimit = account.DownloadLimit,
            UploadedBytes = account.UploadedBytes,
            DownloadedBytes = account.DownloadedBytes,
            PendingUploadCredits = account.PendingUploadCredits,
            PendingDownloadCredits = account.PendingDownloadCredits,
        };
    }
}
