using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster that AutoDrive creates (<c>initdb</c>), starts and stops itself under
/// <see cref="EmbeddedPostgresOptions.DataDirectory"/>, from the system's PostgreSQL server programs. When AutoDrive
/// runs as root, the programs run as the unprivileged <see cref="EmbeddedPostgresOptions.OsUser"/>, which owns the
/// data directory and the log. The server listens on 127.0.0.1 only, with no Unix socket, and trusts local TCP
/// connections (user postgres, no password).
/// </summary>
/// <remarks>
/// <para>
/// Layout of the directory, which stays owned by AutoDrive's own user: <c>pgdata/</c> (the PostgreSQL data directory),
/// <c>log/postgres.log</c> (the server log) and <c>autodrive-postgres.lock</c>, locked exclusively by the process for as
/// long as it runs the cluster, so that two AutoDrive processes never share one. A postmaster left running by a killed
/// AutoDrive process is stopped at the next start. All members are safe to call concurrently.
/// </para>
/// <para>
/// Run as root, the manager never lets the OS user steer a write of root's: the directory and the lock file stay
/// root's, and files it writes into the OS user's directories are created anew (O_EXCL, so never through a planted
/// symlink) and handed over with lchown.
/// </para>
/// </remarks>
public sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    private const string ClusterDirectoryName = "pgdata";
    private const string StagingDirectoryName = "pgdata.initdb";
    private const string LockFileName = "autodrive-postgres.lock";
    private const string LogDirectoryName = "log";
    private const string LogFileName = "postgres.log";
    private const string SettingsFileName = "autodrive.conf";
    private const string SuperUser = "postgres";
    private const string MaintenanceDatabase = "postgres";
    private const int PortAttempts = 5;
    private const int MaxIdentifierBytes = 63;
    private const long LogRotationBytes = 16L * 1024 * 1024;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly EmbeddedPostgresOptions options;
    private readonly ILogger<EmbeddedPostgresCluster> logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> issuedConnectionStrings = new(StringComparer.Ordinal);

    private FileStream? lockFile;
    private RunningServer? running;
    private bool disposed;

    public EmbeddedPostgresCluster(IOptions<EmbeddedPostgresOptions> options, ILogger<EmbeddedPostgresCluster> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options.Value;
        this.logger = logger;
        if (string.IsNullOrWhiteSpace(this.options.DataDirectory))
        {
            throw new ArgumentException(
                $"{EmbeddedPostgresOptions.SectionName}:DataDirectory is required (e.g. <AutoDrive:DataDirectory>/postgres).",
                nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(this.options.Port, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(this.options.Port, IPEndPoint.MaxPort, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.options.StartTimeout, TimeSpan.Zero, nameof(options));
        ValidateDatabaseName(this.options.DatabaseName);
        DataDirectory = Path.GetFullPath(this.options.DataDirectory);
    }

    /// <summary>The absolute directory that holds the cluster.</summary>
    public string DataDirectory { get; }

    /// <summary>The server log.</summary>
    public string LogFile => Path.Combine(LogDirectory, LogFileName);

    private string LogDirectory => Path.Combine(DataDirectory, LogDirectoryName);

    /// <summary>Test seam: how a free port is chosen when <see cref="EmbeddedPostgresOptions.Port"/> is 0.</summary>
    internal Func<int> PickPort { get; init; } = PickFreePort;

    private string ClusterDirectory => Path.Combine(DataDirectory, ClusterDirectoryName);

    private string PidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    /// <summary>
    /// Creates the cluster if there is none, starts the server unless this instance already has, waits until it
    /// accepts connections and creates <see cref="EmbeddedPostgresOptions.DatabaseName"/> if missing.
    /// </summary>
    /// <returns>The Npgsql connection string of <see cref="EmbeddedPostgresOptions.DatabaseName"/>.</returns>
    /// <exception cref="InvalidOperationException">
    /// The directory is in use by another AutoDrive process, the programs or the OS user are missing, the OS user
    /// cannot reach the directory, or the server did not start (the message ends with the tail of the server log).
    /// </exception>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var server = await EnsureStartedAsync(cancellationToken);
            return Issue(server.Port, options.DatabaseName);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>) and releases the directory. Does nothing when stopped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Creates a new, empty database <paramref name="name"/> in the cluster (starting the cluster if needed), for
    /// tests that each want their own.
    /// </summary>
    /// <returns>The Npgsql connection string of the new database.</returns>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        ValidateDatabaseName(name);
        int port;
        await gate.WaitAsync(cancellationToken);
        try
        {
            port = (await EnsureStartedAsync(cancellationToken)).Port;
        }
        finally
        {
            gate.Release();
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString(port)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return Issue(port, name);
    }

    /// <summary>Stops the server and releases the directory; failures are logged, not thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            try
            {
                await StopCoreAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or Win32Exception or IOException)
            {
                logger.LogError(e, "Could not stop the PostgreSQL cluster in {Directory}; it is left running", DataDirectory);
            }
            finally
            {
                ReleaseLock();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Test hook: forgets the running server and releases the directory without stopping the server, as a killed
    /// AutoDrive process would.
    /// </summary>
    internal async Task AbandonAsync()
    {
        await gate.WaitAsync();
        try
        {
            running = null;
            ReleaseLock();
        }
        finally
        {
            gate.Release();
        }
    }

    private static void ValidateDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"A PostgreSQL database name has at most {MaxIdentifierBytes} bytes: \"{name}\".", nameof(name));
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string ConnectionString(int port, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = port,
        Username = SuperUser,
        Database = database,
    }.ConnectionString;

    private static string AdminConnectionString(int port) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = port,
        Username = SuperUser,
        Database = MaintenanceDatabase,
        Pooling = false,
        Timeout = 15,
    }.ConnectionString;

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

    private string Issue(int port, string database)
    {
        var connectionString = ConnectionString(port, database);
        lock (issuedConnectionStrings)
        {
            issuedConnectionStrings.Add(connectionString);
        }

        return connectionString;
    }

    private async Task<RunningServer> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (running is not null)
        {
            return running;
        }

        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var account = ResolveAccount();
        await PrepareDirectoryAsync(account, cancellationToken);
        AcquireLock();
        var started = false;
        try
        {
            var stopwatch = Stopwatch.StartNew();
            if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
            {
                await InitializeAsync(binaries, account, cancellationToken);
            }

            await ClearLeftoverPostmasterAsync(binaries, account, cancellationToken);
            var port = await StartServerAsync(binaries, account, cancellationToken);
            running = new RunningServer(binaries, account, port);
            await EnsureDatabaseAsync(port, cancellationToken);
            started = true;
            logger.LogInformation(
                "PostgreSQL ({Binaries}) serves {Directory} on 127.0.0.1:{Port}{RunAs}; ready after {Elapsed} ms",
                binaries.Directory,
                ClusterDirectory,
                port,
                account is null ? string.Empty : " as " + account.Name,
                stopwatch.ElapsedMilliseconds);
            return running;
        }
        finally
        {
            if (!started)
            {
                running = null;
                await StopIfRunningAsync(binaries, account);
                ReleaseLock();
            }
        }
    }

    private UnixAccount? ResolveAccount()
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
        {
            return null;
        }

        return UnixAccount.Find(options.OsUser)
            ?? throw new InvalidOperationException(
                $"AutoDrive runs as root, and PostgreSQL refuses to: it runs the server as the OS user \"{options.OsUser}\", "
                + $"which does not exist. Install the PostgreSQL server (sudo apt-get install -y postgresql creates the user "
                + $"postgres) or set {EmbeddedPostgresOptions.SectionName}:OsUser to an existing unprivileged user.");
    }

    private async Task PrepareDirectoryAsync(UnixAccount? account, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(DataDirectory);
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        // Root keeps the directory (the OS user only passes through it: 0711); its own user keeps it private (0700).
        CreatePrivateDirectory(DataDirectory, account is null ? null : UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        CreatePrivateDirectory(LogDirectory);
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
            ToolTimeout,
            cancellationToken);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException(
                $"The OS user \"{account.Name}\" that runs PostgreSQL cannot reach \"{DataDirectory}\": it or a parent "
                + "directory does not let other users pass (as /root, mode 0700, does not). Set AutoDrive:DataDirectory (or "
                + $"{EmbeddedPostgresOptions.SectionName}:DataDirectory) to a directory such as /var/lib/autodrive. {check.Output}");
        }
    }

    /// <summary>Creates <paramref name="path"/> if missing, readable and writable by its owner only (plus <paramref name="extra"/>).</summary>
    private static void CreatePrivateDirectory(string path, UnixFileMode? extra = null)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | (extra ?? UnixFileMode.None));
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a new <paramref name="path"/> (an existing file or symlink there is removed,
    /// and O_EXCL refuses one planted meanwhile), mode 0600, then hands it to <paramref name="account"/>.
    /// </summary>
    private static async Task WriteNewFileAsync(string path, string content, UnixAccount? account, CancellationToken cancellationToken)
    {
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, fileOptions))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
        }

        account?.Own(path);
    }

    private void AcquireLock()
    {
        var path = Path.Combine(DataDirectory, LockFileName);
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix; .NET opens files O_CLOEXEC, so the programs
            // started below (and the postmaster) never inherit the descriptor. Read access: nothing is ever written.
            lockFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None, bufferSize: 0);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL data directory \"{DataDirectory}\" is in use by another AutoDrive process (it holds {path}). "
                + "Stop that process or give this one its own AutoDrive:DataDirectory.",
                e);
        }
    }

    private void ReleaseLock()
    {
        lockFile?.Dispose();
        lockFile = null;
    }

    private async Task InitializeAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        if (Directory.Exists(ClusterDirectory))
        {
            if (Directory.EnumerateFileSystemEntries(ClusterDirectory).Any())
            {
                throw new InvalidOperationException(
                    $"\"{ClusterDirectory}\" is not empty but holds no PostgreSQL cluster (no PG_VERSION). Move it away so that "
                    + "AutoDrive can create a new cluster there.");
            }

            Directory.Delete(ClusterDirectory);
        }

        // initdb into a staging directory that is renamed when complete: an interrupted initdb leaves no half cluster.
        var staging = Path.Combine(DataDirectory, StagingDirectoryName);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        CreatePrivateDirectory(staging);
        account?.Own(staging);

        logger.LogInformation("Creating a PostgreSQL cluster in {Directory}", ClusterDirectory);
        List<string> arguments = ["-D", staging, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C"];
        if (!options.Durable)
        {
            arguments.Add("--no-sync");
        }

        var result = await ProcessRunner.RunAsync(binaries.InitDb, arguments, account, DataDirectory, ToolTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed (exit code {result.ExitCode}):\n{result.Output}");
        }

        var configuration = Path.Combine(staging, "postgresql.conf");
        await WriteNewFileAsync(
            configuration,
            await File.ReadAllTextAsync(configuration, cancellationToken)
            + $"\n# AutoDrive rewrites {SettingsFileName} at every start; use ALTER SYSTEM for settings of your own.\n"
            + $"include_if_exists = '{SettingsFileName}'\n",
            account,
            cancellationToken);
        Directory.Move(staging, ClusterDirectory);
    }

    /// <summary>
    /// A postmaster.pid in the cluster while this process holds the lock is left over: either a postmaster that a
    /// killed AutoDrive process left running (stop it), or a stale file whose pid is gone or reused (remove it; the
    /// postmaster would refuse to start if the pid now belongs to another process of the same user).
    /// </summary>
    private async Task ClearLeftoverPostmasterAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        if (!File.Exists(PidFile))
        {
            return;
        }

        var firstLine = File.ReadLines(PidFile).FirstOrDefault();
        var pid = int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        if (pid > 0 && await IsPostmasterOfThisClusterAsync(pid, binaries, account, cancellationToken))
        {
            logger.LogWarning(
                "Stopping the postmaster (pid {Pid}) that a previous AutoDrive process left running on {Directory}",
                pid,
                ClusterDirectory);
            await StopServerAsync(binaries, account, cancellationToken);
            return;
        }

        logger.LogInformation("Removing the stale {PidFile} (pid {Pid} is no postmaster of this cluster)", PidFile, firstLine);
        File.Delete(PidFile);
    }

    private async Task<bool> IsPostmasterOfThisClusterAsync(
        int pid, PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            var status = await ProcessRunner.RunAsync(
                binaries.PgCtl, ["status", "-D", ClusterDirectory], account, DataDirectory, ToolTimeout, cancellationToken);
            return status.Succeeded;
        }

        // The postmaster's working directory is its data directory. Unreadable (another user's process, which our
        // postmaster is not) or missing (no such process) means it is not ours.
        string? workingDirectory;
        try
        {
            workingDirectory = new FileInfo($"/proc/{pid}/cwd").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return workingDirectory is not null
            && string.Equals(workingDirectory, LibC.Canonicalize(ClusterDirectory), StringComparison.Ordinal);
    }

    private async Task<int> StartServerAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        var attempts = options.Port == 0 ? PortAttempts : 1;
        var waitSeconds = (int)Math.Ceiling(options.StartTimeout.TotalSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port == 0 ? PickPort() : options.Port;
            await WriteSettingsAsync(port, account, cancellationToken);
            RotateLog();
            var logStart = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl,
                ["start", "-D", ClusterDirectory, "-l", LogFile, "-w", "-t", waitSeconds.ToString(CultureInfo.InvariantCulture)],
                account,
                DataDirectory,
                options.StartTimeout + TimeSpan.FromSeconds(30),
                cancellationToken);
            if (result.Succeeded && await AcceptsConnectionsAsync(port, cancellationToken))
            {
                return port;
            }

            var log = ReadLogTail(logStart);
            await StopIfRunningAsync(binaries, account);
            if (attempt < attempts && IsAddressInUse(log))
            {
                logger.LogWarning("Port {Port} was taken before PostgreSQL could bind it; trying another", port);
                continue;
            }

            throw new InvalidOperationException(
                $"PostgreSQL failed to start on 127.0.0.1:{port} (pg_ctl exit code {result.ExitCode}, waiting at most {waitSeconds} s): "
                + $"{result.Output}\nLast lines of the server log {LogFile}:\n{log}");
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString(port));
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

    private async Task WriteSettingsAsync(int port, UnixAccount? account, CancellationToken cancellationToken)
    {
        var settings = new StringBuilder()
            .AppendLine("# Written by AutoDrive at every start; changes here are lost. Use ALTER SYSTEM instead.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {options.MaxConnections}")
            .AppendLine("logging_collector = off")
            .AppendLine("log_destination = 'stderr'");
        if (!options.Durable)
        {
            settings
                .AppendLine("# Throwaway cluster: durability off.")
                .AppendLine("fsync = off")
                .AppendLine("synchronous_commit = off")
                .AppendLine("full_page_writes = off");
        }

        await WriteNewFileAsync(Path.Combine(ClusterDirectory, SettingsFileName), settings.ToString(), account, cancellationToken);
    }

    private void RotateLog()
    {
        if (File.Exists(LogFile) && new FileInfo(LogFile).Length > LogRotationBytes)
        {
            File.Move(LogFile, LogFile + ".1", overwrite: true);
        }
    }

    private string ReadLogTail(long from)
    {
        if (!File.Exists(LogFile) || new FileInfo(LogFile).LinkTarget is not null)
        {
            return "(no server log)";
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Max(from, stream.Length - 16 * 1024), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.TakeLast(40));
    }

    private async Task EnsureDatabaseAsync(int port, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString(port));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection)
        {
            Parameters = { new() { Value = options.DatabaseName } },
        };
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return;
        }

        logger.LogInformation("Creating the database {Database}", options.DatabaseName);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(options.DatabaseName)}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (running is { } server)
        {
            ClearPools();
            await StopServerAsync(server.Binaries, server.Account, cancellationToken);
            running = null;
            logger.LogInformation("PostgreSQL on {Directory} stopped", ClusterDirectory);
        }

        ReleaseLock();
    }

    private void ClearPools()
    {
        lock (issuedConnectionStrings)
        {
            foreach (var connectionString in issuedConnectionStrings)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }

            issuedConnectionStrings.Clear();
        }
    }

    /// <summary>pg_ctl stop -m fast, then -m immediate if that fails while the server still runs.</summary>
    private async Task StopServerAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        foreach (var mode in (string[])["fast", "immediate"])
        {
            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl,
                ["stop", "-D", ClusterDirectory, "-m", mode, "-w", "-t", StopTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
                account,
                DataDirectory,
                StopTimeout + TimeSpan.FromSeconds(30),
                cancellationToken);
            if (result.Succeeded || !File.Exists(PidFile))
            {
                return;
            }

            output.AppendLine(CultureInfo.InvariantCulture, $"pg_ctl stop -m {mode} (exit code {result.ExitCode}): {result.Output}");
            logger.LogWarning("pg_ctl stop -m {Mode} failed: {Output}", mode, result.Output);
        }

        throw new InvalidOperationException($"PostgreSQL on {ClusterDirectory} did not stop.\n{output}");
    }

    /// <summary>Cleanup after a failed start: stops a server that may have come up, without throwing over the first error.</summary>
    private async Task StopIfRunningAsync(PostgresBinaries binaries, UnixAccount? account)
    {
        if (!File.Exists(PidFile))
        {
            return;
        }

        try
        {
            await StopServerAsync(binaries, account, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or Win32Exception)
        {
            logger.LogError(e, "Could not stop the PostgreSQL server after a failed start");
        }
    }

    private sealed record RunningServer(PostgresBinaries Binaries, UnixAccount? Account, int Port);
}
