namespace AutoDrive.Infrastructure.Configuration;

/// <summary>
/// The local user of a development install: when no bootstrap users are configured, AutoDrive makes sure of a
/// user named <see cref="Name"/> whose key is generated once and kept in <c>&lt;DataDirectory&gt;/local-api-key</c>
/// (mode 0600), so that a fresh start prints a usable key. Turn it off in production.
/// </summary>
public sealed class LocalUserOptions
{
    public bool Enabled { get; set; } = true;

    public string Name { get; set; } = "local";
}
