using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// Starts and stops the postmaster with pg_ctl (as the cluster's OS account), on a chosen or picked port, and reads
/// the tail of its log when it fails. pg_ctl detaches the postmaster: a killed AutoDrive leaves it running, which the
/// next start finds through <see cref="PostmasterPidFile"/>.
/// </summary>
internal sealed class PostmasterProcess(
    ClusterLayout layout,
    ClusterSettings settings,
    ClusterCredentials credentials,
    EmbeddedPostgresOptions options,
    ILogger logger)
{
    private const int PortAttempts = 5;
    private const long LogRotationBytes = 16L * 1024 * 1024;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Test seam: how a free port is chosen when <see cref="EmbeddedPostgresOptions.Port"/> is 0.</summary>
    public Func<int> PickPort { get; set; } = PickFreePort;

    /// <summary>
    /// Starts the server and waits until it accepts a connection with the secret: on <paramref name="port"/> when
    /// given (a restart keeps the port its connection strings name), else on the configured port or a free one
    /// (retried on another when it is taken before PostgreSQL binds it).
    /// </summary>
    public async Task<int> StartAsync(PostgresBinaries binaries, UnixAccount? account, int? port, CancellationToken cancellationToken)
    {
        var fixedPort = port ?? (options.Port == 0 ? (int?)null : options.Port);
        var attempts = fixedPort is null ? PortAttempts : 1;
        var waitSeconds = (int)Math.Ceiling(options.StartTimeout.TotalSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var chosen = fixedPort ?? PickPort();
            await settings.WriteSettingsAsync(chosen, account, cancellationToken);
            RotateLog();
            var logStart = File.Exists(layout.LogFile) ? new FileInfo(layout.LogFile).Length : 0;

            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl,
                ["start", "-D", layout.ClusterDirectory, "-l", layout.LogFile, "-w", "-t", waitSeconds.ToString(CultureInfo.InvariantCulture)],
                account,
                layout.DataDirectory,
                options.StartTimeout + TimeSpan.FromSeconds(30),
                cancellationToken);
            if (result.Succeeded && await AcceptsConnectionsAsync(chosen, cancellationToken))
            {
                return chosen;
            }

            var log = ReadLogTail(logStart);
            await StopIfRunningAsync(binaries, account);
            if (attempt < attempts && IsAddressInUse(log))
            {
                logger.LogWarning("Port {Port} was taken before PostgreSQL could bind it; trying another", chosen);
                continue;
            }

            throw new InvalidOperationException(
                $"PostgreSQL failed to start on 127.0.0.1:{chosen} (pg_ctl exit code {result.ExitCode}, waiting at most {waitSeconds} s): "
                + $"{result.Output}\nLast lines of the server log {layout.LogFile}:\n{log}");
        }
    }

    /// <summary>pg_ctl stop -m fast, then -m immediate if that fails while the server still runs.</summary>
    public async Task StopAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        foreach (var mode in (string[])["fast", "immediate"])
        {
            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl,
                ["stop", "-D", layout.ClusterDirectory, "-m", mode, "-w", "-t", StopTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
                account,
                layout.DataDirectory,
                StopTimeout + TimeSpan.FromSeconds(30),
                cancellationToken);
            if (result.Succeeded || !File.Exists(layout.PidFile))
            {
                return;
            }

            output.AppendLine(CultureInfo.InvariantCulture, $"pg_ctl stop -m {mode} (exit code {result.ExitCode}): {result.Output}");
            logger.LogWarning("pg_ctl stop -m {Mode} failed: {Output}", mode, result.Output);
        }

        throw new InvalidOperationException($"PostgreSQL on {layout.ClusterDirectory} did not stop.\n{output}");
    }

    /// <summary>Cleanup after a failed start: stops a server that may have come up, without throwing over the first error.</summary>
    public async Task StopIfRunningAsync(PostgresBinaries binaries, UnixAccount? account)
    {
        if (!File.Exists(layout.PidFile))
        {
            return;
        }

        try
        {
            await StopAsync(binaries, account, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            logger.LogError(e, "Could not stop the PostgreSQL server after a failed start");
        }
    }

    private static int PickFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool IsAddressInUse(string text) =>
        text.Contains("could not bind", StringComparison.Ordinal)
        || text.Contains("Address already in use", StringComparison.Ordinal)
        || text.Contains("could not create any TCP/IP sockets", StringComparison.Ordinal);

    private async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(credentials.AdminConnectionString(port));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException e)
        {
            logger.LogError(e, "PostgreSQL reported ready on port {Port} but refused a connection", port);
            return false;
        }
    }

    private void RotateLog()
    {
        if (File.Exists(layout.LogFile) && new FileInfo(layout.LogFile).Length > LogRotationBytes)
        {
            File.Move(layout.LogFile, layout.LogFile + ".1", overwrite: true);
        }
    }

    private string ReadLogTail(long from)
    {
        if (!File.Exists(layout.LogFile) || new FileInfo(layout.LogFile).LinkTarget is not null)
        {
            return "(no server log)";
        }

        using var stream = new FileStream(layout.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Max(from, stream.Length - 16 * 1024), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.TakeLast(40));
    }
}
