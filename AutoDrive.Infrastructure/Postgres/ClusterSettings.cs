using System.Globalization;
using System.Text;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// The server settings AutoDrive owns: <c>autodrive.conf</c> (address, port, no Unix socket, connections, durability),
/// written at every start, and <c>pg_hba.conf</c>, which admits password (scram-sha-256) connections from 127.0.0.1
/// only — never trust, so no other local account can connect without the secret.
/// </summary>
internal sealed class ClusterSettings(ClusterLayout layout, EmbeddedPostgresOptions options)
{
    /// <summary>The first line of the pg_hba.conf AutoDrive writes: a file without it (initdb's trust) is replaced.</summary>
    private const string HbaMarker = "# AutoDrive: password authentication only (scram-sha-256).";

    public Task WriteSettingsAsync(int port, UnixAccount? account, CancellationToken cancellationToken)
    {
        var settings = new StringBuilder()
            .AppendLine("# Written by AutoDrive at every start; changes here are lost. Use ALTER SYSTEM instead.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {options.MaxConnections}")
            .AppendLine("password_encryption = 'scram-sha-256'")
            .AppendLine("logging_collector = off")
            .AppendLine("log_destination = 'stderr'");
        if (options.Durable)
        {
            // Group commit: with several transactions committing at once, the one that flushes the WAL first waits
            // this long (µs; about a quarter of one flush here) so that the flush covers the others' commits too.
            settings
                .AppendLine("commit_delay = 200")
                .AppendLine("commit_siblings = 4");
        }
        else
        {
            settings
                .AppendLine("# Throwaway cluster: durability off.")
                .AppendLine("fsync = off")
                .AppendLine("synchronous_commit = off")
                .AppendLine("full_page_writes = off");
        }

        return ClusterLayout.WriteNewFileAsync(layout.SettingsFile, settings.ToString(), account, cancellationToken);
    }

    /// <summary>Whether pg_hba.conf is AutoDrive's (password only); a cluster from before it trusts every local connection.</summary>
    public bool IsHbaSecured()
    {
        if (!File.Exists(layout.HbaFile))
        {
            return false;
        }

        using var reader = new StreamReader(layout.HbaFile);
        return string.Equals(reader.ReadLine(), HbaMarker, StringComparison.Ordinal);
    }

    public Task WriteHbaAsync(UnixAccount? account, CancellationToken cancellationToken)
    {
        var hba = new StringBuilder()
            .AppendLine(HbaMarker)
            .AppendLine("# Written by AutoDrive when missing the line above. The server listens on 127.0.0.1 only and has no")
            .AppendLine("# Unix socket; every connection proves the superuser's secret, kept in ../postgres-password (0600).")
            .AppendLine("# TYPE  DATABASE  USER  ADDRESS       METHOD")
            .AppendLine("host    all       all   127.0.0.1/32  scram-sha-256")
            .ToString();
        return ClusterLayout.WriteNewFileAsync(layout.HbaFile, hba, account, cancellationToken);
    }
}
