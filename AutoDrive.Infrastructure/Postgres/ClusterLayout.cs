using System.Text;
using AutoDrive.Infrastructure.Configuration;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// Where everything of an embedded cluster lives under its directory, and the directory's permissions:
/// <c>pgdata/</c> (the PostgreSQL data directory, owned by the OS account that runs the server), <c>log/</c> (the
/// server log, owned by that account too), <c>autodrive-postgres.lock</c> and <c>postgres-password</c> (the
/// superuser's secret), both AutoDrive's own.
/// </summary>
/// <remarks>
/// The directory is 0700. Run as root, the server's account must pass through it to reach <c>pgdata/</c> and
/// <c>log/</c>: the directory is then 0710 with that account's group, so no other account can enter it.
/// </remarks>
internal sealed class ClusterLayout(string dataDirectory)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(1);

    public string DataDirectory { get; } = dataDirectory;

    public string ClusterDirectory => Path.Combine(DataDirectory, "pgdata");

    /// <summary>Where initdb writes a new cluster before it is renamed to <see cref="ClusterDirectory"/>.</summary>
    public string StagingDirectory => Path.Combine(DataDirectory, "pgdata.initdb");

    public string LockFile => Path.Combine(DataDirectory, "autodrive-postgres.lock");

    public string PasswordFile => Path.Combine(DataDirectory, "postgres-password");

    public string LogDirectory => Path.Combine(DataDirectory, "log");

    public string LogFile => Path.Combine(LogDirectory, "postgres.log");

    public string PidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    public string VersionFile => Path.Combine(ClusterDirectory, "PG_VERSION");

    /// <summary>The settings AutoDrive writes at every start, included by postgresql.conf.</summary>
    public string SettingsFile => Path.Combine(ClusterDirectory, "autodrive.conf");

    public string HbaFile => Path.Combine(ClusterDirectory, "pg_hba.conf");

    public string ConfigurationFile => Path.Combine(ClusterDirectory, "postgresql.conf");

    /// <summary>
    /// Creates the directory and the log directory (or tightens them), hands the log directory to
    /// <paramref name="account"/>, and checks that the account can reach both.
    /// </summary>
    public async Task PrepareAsync(UnixAccount? account, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(DataDirectory);
        if (parent is not null && !Directory.Exists(parent))
        {
            PrivateFiles.CreateDirectory(parent, PassThrough(account));
            account?.ShareGroup(parent);
        }

        PrivateFiles.CreateDirectory(DataDirectory, PassThrough(account));
        account?.ShareGroup(DataDirectory);
        PrivateFiles.CreateDirectory(LogDirectory);
        if (account is null)
        {
            return;
        }

        account.Own(LogDirectory);
        var check = await ProcessRunner.RunAsync(
            "/bin/sh",
            ["-c", "test -x \"$1\" && test -w \"$2\" && test -x \"$2\"", "sh", DataDirectory, LogDirectory],
            account,
            "/",
            CheckTimeout,
            cancellationToken);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException(
                $"The OS user \"{account.Name}\" that runs PostgreSQL cannot reach \"{DataDirectory}\": it or a parent "
                + "directory does not let other users pass (as /root, mode 0700, does not). Set AutoDrive:DataDirectory (or "
                + $"{EmbeddedPostgresOptions.SectionName}:DataDirectory) to a directory such as /var/lib/autodrive. {check.Output}");
        }
    }

    /// <summary>The extra mode a directory on the account's way needs: search (x) for its group, when there is an account.</summary>
    public static UnixFileMode PassThrough(UnixAccount? account) =>
        account is null ? UnixFileMode.None : UnixFileMode.GroupExecute;

    /// <summary>
    /// Writes <paramref name="content"/> to a new <paramref name="path"/> (an existing file or symlink there is removed,
    /// and O_EXCL refuses one planted meanwhile), mode 0600, then hands it to <paramref name="account"/>.
    /// </summary>
    public static async Task WriteNewFileAsync(string path, string content, UnixAccount? account, CancellationToken cancellationToken)
    {
        File.Delete(path);
        await using (var stream = new FileStream(path, PrivateFiles.NewFile()))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
        }

        account?.Own(path);
    }
}
