using AutoDrive.Infrastructure.Postgres;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDrive.Tests;

/// <summary>
/// The test run's set-up: its own throwaway PostgreSQL cluster (durability off, under /tmp/autodrive-tests-&lt;random&gt;). It
/// starts on the first <see cref="CreateDatabaseAsync"/>, so tests that never ask for a database pay nothing, and
/// stops, its directory deleted, when the run ends. Being a set-up fixture of the root namespace, it covers every
/// test of the assembly.
/// </summary>
[SetUpFixture]
public sealed class TestRun
{
    private const string DirectoryPrefix = "autodrive-tests";
    private const string RunLockName = "run.lock";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TemporaryDirectory? directory;
    private static FileStream? runLock;
    private static EmbeddedPostgresCluster? cluster;

    /// <summary>A new, empty database with a unique name in the run's cluster; its Npgsql connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var started = await GetClusterAsync(cancellationToken);
        return await started.CreateDatabaseAsync($"test_{Guid.NewGuid():N}", cancellationToken);
    }

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        // The shared AutoDrive server uses the cluster: it stops first.
        await SharedServer.StopAsync();
        await Gate.WaitAsync();
        try
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
                cluster = null;
            }

            runLock?.Dispose();
            runLock = null;
            directory?.Dispose();
            directory = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<EmbeddedPostgresCluster> GetClusterAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (cluster is not null)
            {
                return cluster;
            }

            await RemoveLeftoversAsync(cancellationToken);
            directory ??= TemporaryDirectory.Create(DirectoryPrefix);
            runLock ??= new FileStream(Path.Combine(directory.Path, RunLockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            var candidate = NewCluster(Path.Combine(directory.Path, "postgres"));
            var started = false;
            try
            {
                await candidate.StartAsync(cancellationToken);
                started = true;
            }
            finally
            {
                if (!started)
                {
                    await candidate.DisposeAsync();
                }
            }

            cluster = candidate;
            return cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static EmbeddedPostgresCluster NewCluster(string dataDirectory) => new(
        Options.Create(new EmbeddedPostgresOptions { DataDirectory = dataDirectory, Durable = false }),
        NullLogger<EmbeddedPostgresCluster>.Instance);

    /// <summary>
    /// Runs killed before their tear-down leave a directory and a running postmaster behind. A directory whose
    /// run lock nobody holds is such a leftover: starting a cluster manager on it stops that postmaster.
    /// </summary>
    private static async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        foreach (var leftover in Directory.EnumerateDirectories(TemporaryDirectory.Root, DirectoryPrefix + "-*"))
        {
            FileStream claim;
            try
            {
                claim = new FileStream(Path.Combine(leftover, RunLockName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // a live run holds it, is creating it, or it is another user's
            }

            await using (claim)
            {
                var dataDirectory = Path.Combine(leftover, "postgres");
                if (Directory.Exists(Path.Combine(dataDirectory, "pgdata")))
                {
                    await using var stale = NewCluster(dataDirectory);
                    try
                    {
                        await stale.StartAsync(cancellationToken);
                    }
                    catch (InvalidOperationException e)
                    {
                        await TestContext.Progress.WriteLineAsync($"Could not take over the leftover cluster {dataDirectory}: {e.Message}");
                    }
                }

                Directory.Delete(leftover, recursive: true);
            }
        }
    }
}
