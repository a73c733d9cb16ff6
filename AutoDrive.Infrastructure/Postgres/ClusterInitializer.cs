using Microsoft.Extensions.Logging;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// Creates a new cluster with initdb (UTF-8, byte-order collation, superuser <c>postgres</c>) into a staging directory
/// that is renamed when complete, so an interrupted initdb never leaves half a cluster; makes postgresql.conf include
/// the settings file AutoDrive writes at every start.
/// </summary>
internal sealed class ClusterInitializer(ClusterLayout layout, EmbeddedPostgresOptions options, ILogger logger)
{
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(5);

    public bool IsInitialized => File.Exists(layout.VersionFile);

    public async Task InitializeAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        var cluster = layout.ClusterDirectory;
        if (Directory.Exists(cluster))
        {
            if (Directory.EnumerateFileSystemEntries(cluster).Any())
            {
                throw new InvalidOperationException(
                    $"\"{cluster}\" is not empty but holds no PostgreSQL cluster (no PG_VERSION). Move it away so that "
                    + "AutoDrive can create a new cluster there.");
            }

            Directory.Delete(cluster);
        }

        var staging = layout.StagingDirectory;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Configuration.PrivateFiles.CreateDirectory(staging);
        account?.Own(staging);

        logger.LogInformation("Creating a PostgreSQL cluster in {Directory}", cluster);
        // Trust is initdb's only way without handing it a password file; it never serves a connection: the cluster
        // is secured (password set in single-user mode, pg_hba.conf rewritten) before its first start.
        List<string> arguments = ["-D", staging, "-U", ClusterCredentials.SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C"];
        if (!options.Durable)
        {
            arguments.Add("--no-sync");
        }

        var result = await ProcessRunner.RunAsync(binaries.InitDb, arguments, account, layout.DataDirectory, InitDbTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed (exit code {result.ExitCode}):\n{result.Output}");
        }

        var configuration = Path.Combine(staging, Path.GetFileName(layout.ConfigurationFile));
        await ClusterLayout.WriteNewFileAsync(
            configuration,
            await File.ReadAllTextAsync(configuration, cancellationToken)
            + $"\n# AutoDrive rewrites {Path.GetFileName(layout.SettingsFile)} at every start; use ALTER SYSTEM for settings of your own.\n"
            + $"include_if_exists = '{Path.GetFileName(layout.SettingsFile)}'\n",
            account,
            cancellationToken);
        Directory.Move(staging, cluster);
    }
}
