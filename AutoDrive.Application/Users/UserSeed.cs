namespace AutoDrive.Application.Users;

/// <summary>
/// A user and key to make sure of at start-up (configuration, or the local development user), with the user's limits in
/// bytes (null: unlimited). Configuration is the source of truth for seeded users: their limits are set at every start.
/// </summary>
public sealed record UserSeed(string Name, string ApiKey, long? UploadLimit = null, long? DownloadLimit = null);
