using System.Net;
using System.Security.Cryptography;
using AutoDrive.Infrastructure.Configuration;
using Npgsql;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// The superuser's secret and the connection strings that carry it. The secret is generated once and kept in
/// <c>postgres-password</c> (0600, AutoDrive's own user; the server's account never needs it: the password is set
/// in single-user mode, through standard input). A cluster that has no password yet — new from initdb, or created
/// by an AutoDrive from before passwords (trust) — is secured before it serves a connection.
/// </summary>
internal sealed class ClusterCredentials(ClusterLayout layout, ClusterSettings settings)
{
    public const string SuperUser = "postgres";
    private const string MaintenanceDatabase = "postgres";
    private const int SecretBytes = 32;
    private static readonly TimeSpan SingleUserTimeout = TimeSpan.FromMinutes(5);

    private string? secret;

    /// <summary>The secret, read from its file (or generated and written there, 0600, when there is none).</summary>
    public string Secret => secret ??= ReadOrCreateSecret();

    /// <summary>Whether the cluster still needs its password set and pg_hba.conf replaced.</summary>
    public bool NeedsSecuring => !File.Exists(layout.PasswordFile) || !settings.IsHbaSecured();

    /// <summary>
    /// Sets the superuser's password (scram-sha-256) with the server stopped, in single-user mode, then replaces
    /// pg_hba.conf with password-only rules. Run again after an interruption, it sets the same secret.
    /// </summary>
    public async Task SecureAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        // Hex: no quoting in SQL. Standard input, not an argument: nothing in the process list.
        var statements = "SET password_encryption = 'scram-sha-256';\n"
            + $"ALTER ROLE {SuperUser} WITH PASSWORD '{Secret}';\n";
        var result = await ProcessRunner.RunAsync(
            binaries.Postgres,
            ["--single", "-D", layout.ClusterDirectory, MaintenanceDatabase],
            account,
            layout.DataDirectory,
            SingleUserTimeout,
            cancellationToken,
            statements);
        if (!result.Succeeded || result.Output.Contains("ERROR:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Setting the PostgreSQL superuser's password in single-user mode failed (exit code {result.ExitCode}):\n{result.Output}");
        }

        await settings.WriteHbaAsync(account, cancellationToken);
    }

    public string ConnectionString(int port, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = port,
        Username = SuperUser,
        Password = Secret,
        Database = database,
    }.ConnectionString;

    /// <summary>For AutoDrive's own checks and DDL: unpooled, with a bounded connect time.</summary>
    public string AdminConnectionString(int port) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = port,
        Username = SuperUser,
        Password = Secret,
        Database = MaintenanceDatabase,
        Pooling = false,
        Timeout = 15,
    }.ConnectionString;

    private string ReadOrCreateSecret()
    {
        if (File.Exists(layout.PasswordFile))
        {
            var existing = File.ReadAllText(layout.PasswordFile).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));
        var temporary = layout.PasswordFile + ".new";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, PrivateFiles.NewFile()))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(generated);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, layout.PasswordFile, overwrite: true);
        return generated;
    }
}
