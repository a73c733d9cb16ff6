namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// A user start-up made sure of, as the banner may show it: <see cref="NewApiKey"/> only for a key generated at this
/// start (shown once), <see cref="KeyFile"/> for the 0600 file that keeps a generated key; neither for a configured
/// (bootstrap) user, whose key is never printed.
/// </summary>
public sealed record StartupUser(string Name, string? NewApiKey = null, string? KeyFile = null);
