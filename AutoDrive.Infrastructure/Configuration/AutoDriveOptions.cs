namespace AutoDrive.Infrastructure.Configuration;

/// <summary>The <c>AutoDrive</c> configuration section.</summary>
public sealed class AutoDriveOptions
{
    public const string SectionName = "AutoDrive";

    /// <summary>
    /// Where AutoDrive keeps its embedded PostgreSQL cluster (<c>postgres/</c>), the local DSN store
    /// (<c>dsn/</c>) and the local user's key. Default: <see cref="DefaultDataDirectory"/>.
    /// </summary>
    public string? DataDirectory { get; set; }

    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>
    /// How long a stopping server (SIGTERM, Ctrl+C) lets the requests in flight finish before it cuts their
    /// connections (<c>AutoDrive:ShutdownTimeout</c>, e.g. <c>00:00:30</c>). New connections are refused from the
    /// start of the stop; the embedded PostgreSQL is stopped after the requests are done. Default 30 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public LocalUserOptions LocalUser { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    public string ResolvedDataDirectory => Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? DefaultDataDirectory() : DataDirectory);

    /// <summary>
    /// <c>/var/lib/autodrive</c> when running as root (the postgres OS user must be able to reach it, which
    /// it cannot under /root); otherwise <c>$XDG_DATA_HOME/autodrive</c> or <c>~/.local/share/autodrive</c>.
    /// </summary>
    public static string DefaultDataDirectory()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            return "/var/lib/autodrive";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "autodrive");
    }
}
