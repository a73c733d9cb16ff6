using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster that AutoDrive creates (<c>initdb</c>), starts, supervises and stops itself under
/// <see cref="EmbeddedPostgresOptions.DataDirectory"/>, from the system's PostgreSQL server programs. When AutoDrive
/// runs as root, the programs run as the unprivileged <see cref="EmbeddedPostgresOptions.OsUser"/>, which owns the
/// data directory and the log. The server listens on 127.0.0.1 only, with no Unix socket, and admits only
/// connections that prove the superuser's generated secret (scram-sha-256).
/// </summary>
/// <remarks>
/// <para>
/// The parts, each with one job: <see cref="ClusterLayout"/> (paths, directory permissions), <see cref="ClusterLock"/>
/// (one AutoDrive process per directory), <see cref="PostmasterPidFile"/> (finding a leftover or dead postmaster),
/// <see cref="ClusterInitializer"/> (initdb), <see cref="ClusterSettings"/> (autodrive.conf, pg_hba.conf),
/// <see cref="ClusterCredentials"/> (the secret, connection strings), <see cref="PostmasterProcess"/> (pg_ctl),
/// <see cref="ClusterDatabases"/> and <see cref="PostmasterSupervisor"/> (restart after a death). This class puts them
/// in order and serialises them. A postmaster left running by a killed AutoDrive process is stopped at the next start.
/// All members are safe to call concurrently.
/// </para>
/// <para>
/// Run as root, the manager never lets the OS user steer a write of root's: the directory, the lock and password
/// files stay root's, and files it writes into the OS user's directories are created anew (O_EXCL, so never through
/// a planted symlink) and handed over with lchown.
/// </para>
/// </remarks>
public sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(5);

    private readonly EmbeddedPostgresOptions options;
    private readonly ILogger<EmbeddedPostgresCluster> logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> issuedConnectionStrings = new(StringComparer.Ordinal);
    private readonly ClusterLayout layout;
    private readonly ClusterLock clusterLock;
    private readonly PostmasterPidFile pidFile;
    private readonly ClusterInitializer initializer;
    private readonly ClusterCredentials credentials;
    private readonly PostmasterProcess postmaster;
    private readonly ClusterDatabases databases;

    private RunningServer? running;
    private PostmasterSupervisor? supervisor;
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
        ClusterDatabases.ValidateName(this.options.DatabaseName);
        DataDirectory = Path.GetFullPath(this.options.DataDirectory);

        layout = new ClusterLayout(DataDirectory);
        clusterLock = new ClusterLock(layout);
        pidFile = new PostmasterPidFile(layout);
        initializer = new ClusterInitializer(layout, this.options, logger);
        var settings = new ClusterSettings(layout, this.options);
        credentials = new ClusterCredentials(layout, settings);
        postmaster = new PostmasterProcess(layout, settings, credentials, this.options, logger);
        databases = new ClusterDatabases(credentials, logger);
    }

    /// <summary>
    /// Raised after the supervisor restarted a postmaster that had died, once the new one serves: holders of
    /// connection pools clear them (their connections were to the dead server).
    /// </summary>
    public event EventHandler? Restarted;

    /// <summary>The absolute directory that holds the cluster.</summary>
    public string DataDirectory { get; }

    /// <summary>The server log.</summary>
    public string LogFile => layout.LogFile;

    /// <summary>The file (0600) that holds the superuser's secret.</summary>
    public string PasswordFile => layout.PasswordFile;

    /// <summary>
    /// Whether the server is started and its postmaster alive: false before the start, after the stop, and while
    /// a postmaster that died is being replaced.
    /// </summary>
    public bool IsServing => running is not null && supervisor is { IsPostmasterAlive: true };

    /// <summary>Test seam: how a free port is chosen when <see cref="EmbeddedPostgresOptions.Port"/> is 0.</summary>
    internal Func<int> PickPort
    {
        get => postmaster.PickPort;
        init => postmaster.PickPort = value;
    }

    /// <summary>
    /// The OS account the server runs as (when AutoDrive runs as root), or null when it runs as AutoDrive's own user.
    /// Directories on its way to the cluster must let it pass.
    /// </summary>
    internal UnixAccount? ServerAccount => ResolveAccount();

    /// <summary>
    /// Creates the cluster if there is none, secures it (password, pg_hba.conf) if it is not yet, starts the server
    /// unless this instance already has, waits until it accepts connections, creates
    /// <see cref="EmbeddedPostgresOptions.DatabaseName"/> if missing, and from then on restarts the server if it dies.
    /// </summary>
    /// <returns>The Npgsql connection string of <see cref="EmbeddedPostgresOptions.DatabaseName"/> (with its password).</returns>
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
        await StopSupervisorAsync();
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
        ClusterDatabases.ValidateName(name);
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

        await databases.CreateAsync(port, name, cancellationToken);
        return Issue(port, name);
    }

    /// <summary>Stops the server and releases the directory; failures are logged, not thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopSupervisorAsync();
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
                clusterLock.Dispose();
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
        await StopSupervisorAsync();
        await gate.WaitAsync();
        try
        {
            running = null;
            clusterLock.Dispose();
        }
        finally
        {
            gate.Release();
        }
    }

    private string Issue(int port, string database)
    {
        var connectionString = credentials.ConnectionString(port, database);
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
        await layout.PrepareAsync(account, cancellationToken);
        clusterLock.Acquire();
        var started = false;
        try
        {
            var stopwatch = Stopwatch.StartNew();
            if (!initializer.IsInitialized)
            {
                await initializer.InitializeAsync(binaries, account, cancellationToken);
            }

            await ClearLeftoverPostmasterAsync(binaries, account, cancellationToken);
            if (credentials.NeedsSecuring)
            {
                // New from initdb, or created (with trust) before AutoDrive set a password.
                logger.LogInformation("Securing the PostgreSQL cluster in {Directory}: password authentication only", layout.ClusterDirectory);
                await credentials.SecureAsync(binaries, account, cancellationToken);
            }

            var port = await postmaster.StartAsync(binaries, account, port: null, cancellationToken);
            running = new RunningServer(binaries, account, port);
            await databases.EnsureAsync(port, options.DatabaseName, cancellationToken);
            supervisor = new PostmasterSupervisor(pidFile, RestartAsync, logger);
            started = true;
            logger.LogInformation(
                "PostgreSQL ({Binaries}) serves {Directory} on 127.0.0.1:{Port}{RunAs}; ready after {Elapsed} ms",
                binaries.Directory,
                layout.ClusterDirectory,
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
                await postmaster.StopIfRunningAsync(binaries, account);
                clusterLock.Dispose();
            }
        }
    }

    /// <summary>
    /// The supervisor's restart of a postmaster that died: on the same port (the connection strings name it), after
    /// its leftovers are cleared, retried with a growing delay until it serves or the cluster is stopped.
    /// </summary>
    private async Task RestartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (running is not { } server)
            {
                return;
            }

            var stopwatch = Stopwatch.StartNew();
            var delay = TimeSpan.FromMilliseconds(250);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ClearLeftoverPostmasterAsync(server.Binaries, server.Account, cancellationToken);
                    await postmaster.StartAsync(server.Binaries, server.Account, server.Port, cancellationToken);
                    break;
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Win32Exception)
                {
                    logger.LogError(e, "Restarting PostgreSQL failed (attempt {Attempt}); retrying in {Delay} ms", attempt, delay.TotalMilliseconds);
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
                }
            }

            ClearPools();
            logger.LogWarning(
                "PostgreSQL restarted on 127.0.0.1:{Port} after its postmaster died; serving again after {Elapsed} ms",
                server.Port,
                stopwatch.ElapsedMilliseconds);
        }
        finally
        {
            gate.Release();
        }

        Restarted?.Invoke(this, EventArgs.Empty);
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

    /// <summary>
    /// A postmaster.pid in the cluster while this process holds the lock is left over: either a postmaster that a
    /// killed AutoDrive process left running (stop it), or the file of a dead postmaster (killed, or its pid now
    /// reused). The dead one's backends may still be exiting: a new postmaster must not start beside them, so they
    /// are waited for (and killed past a grace period); then the file is removed, since the postmaster would refuse
    /// to start if its pid now belongs to another process of the same user.
    /// </summary>
    private async Task ClearLeftoverPostmasterAsync(PostgresBinaries binaries, UnixAccount? account, CancellationToken cancellationToken)
    {
        if (!pidFile.Exists)
        {
            return;
        }

        var pid = pidFile.ReadPid();
        if (await pidFile.IsOfThisClusterAsync(pid, binaries, account, cancellationToken))
        {
            logger.LogWarning(
                "Stopping the postmaster (pid {Pid}) that a previous AutoDrive process left running on {Directory}",
                pid,
                layout.ClusterDirectory);
            await postmaster.StopAsync(binaries, account, cancellationToken);
            return;
        }

        await WaitForOrphanedBackendsAsync(cancellationToken);
        logger.LogInformation("Removing the stale {PidFile} (pid {Pid} is no postmaster of this cluster)", layout.PidFile, pid);
        pidFile.Delete();
    }

    private async Task WaitForOrphanedBackendsAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var killed = false;
        while (pidFile.FindClusterProcesses() is { Count: > 0 } orphans)
        {
            if (deadline.Elapsed > OrphanGrace && !killed)
            {
                logger.LogWarning("Killing {Count} PostgreSQL processes left by a dead postmaster: {Pids}", orphans.Count, orphans);
                foreach (var orphan in orphans)
                {
                    _ = LibC.Kill(orphan, LibC.SIGKILL);
                }

                killed = true;
            }
            else if (deadline.Elapsed > OrphanGrace * 2)
            {
                throw new InvalidOperationException(
                    $"Processes of a dead postmaster still run in {layout.ClusterDirectory}: {string.Join(", ", orphans)}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (running is { } server)
        {
            ClearPools();
            lock (issuedConnectionStrings)
            {
                issuedConnectionStrings.Clear();
            }

            await postmaster.StopAsync(server.Binaries, server.Account, cancellationToken);
            running = null;
            logger.LogInformation("PostgreSQL on {Directory} stopped", layout.ClusterDirectory);
        }

        clusterLock.Dispose();
    }

    private async Task StopSupervisorAsync()
    {
        if (Interlocked.Exchange(ref supervisor, null) is { } watching)
        {
            await watching.DisposeAsync();
        }
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
        }
    }

    private sealed record RunningServer(PostgresBinaries Binaries, UnixAccount? Account, int Port);
}
