namespace AutoDrive.Application.Users;

/// <summary>A user and key to make sure of at start-up (configuration, or the local development user).</summary>
public sealed record UserSeed(string Name, string ApiKey);
