namespace AutoDrive.Application.Accounts;

/// <summary>A user's account as the native and admin APIs show it (flat: mapped from <c>User</c>).</summary>
public sealed class AccountView
{
    public Guid Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string PublicId { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public long? UploadLimit { get; init; }

    public long? DownloadLimit { get; init; }

    public long UploadedBytes { get; init; }

    public long DownloadedBytes { get; init; }

    public long? PendingUploadCredits { get; init; }

    public long? PendingDownloadCredits { get; init; }
}
