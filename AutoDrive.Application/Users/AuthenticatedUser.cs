namespace AutoDrive.Application.Users;

/// <summary>
/// The caller, once an API key has been recognised, with the credits it had left when the request began (null:
/// unlimited). The snapshot lets a write be refused before its body is read; the charge itself is atomic
/// (<see cref="Credits.ICreditLedger"/>).
/// </summary>
public sealed record AuthenticatedUser(Guid Id, string Name, long? PendingUploadCredits = null, long? PendingDownloadCredits = null)
{
    /// <summary>Whether the caller's downloads are metered (it has a download limit).</summary>
    public bool DownloadsMetered => PendingDownloadCredits is not null;
}
