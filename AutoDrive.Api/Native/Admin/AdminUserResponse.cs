using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.Admin;

/// <summary>A user as operators see them: limits (null: unlimited), credits used and left.</summary>
public sealed record AdminUserResponse
{
    /// <example>3fa85f64-5717-4562-b3fc-2c963f66afa6</example>
    public required Guid Id { get; init; }

    /// <example>carol</example>
    public required string Name { get; init; }

    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string PublicId { get; init; }

    /// <example>2025-01-15T10:30:00+00:00</example>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <example>1073741824</example>
    public long? UploadLimit { get; init; }

    /// <example>10737418240</example>
    public long? DownloadLimit { get; init; }

    /// <example>13</example>
    public long UploadedBytes { get; init; }

    /// <example>0</example>
    public long DownloadedBytes { get; init; }

    /// <example>1073741811</example>
    public long? PendingUploadCredits { get; init; }

    /// <example>10737418240</example>
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
