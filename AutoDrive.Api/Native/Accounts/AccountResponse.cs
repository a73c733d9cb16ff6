namespace AutoDrive.Api.Native.Accounts;

/// <summary>Auto Drive's account shape. Limits are null: this installation sets none yet.</summary>
public sealed record AccountResponse(
    string Id,
    string? OrganizationId,
    long? UploadLimit,
    long? DownloadLimit,
    string Model,
    long PendingUploadCredits,
    long PendingDownloadCredits);
