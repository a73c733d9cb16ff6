namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// One AutoDrive server for the whole test run, started on first use and stopped at the end. Tests that share
/// it keep out of each other's way with their own bucket names (<see cref="UniqueBucket"/>). The run's root
/// fixture stops it before the database cluster.
/// </summary>
public static class SharedServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AutoDriveServer? _server;

    public static async Task<AutoDriveServer> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _server ??= await AutoDriveServer.StartAsync(CancellationToken.None);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string UniqueBucket(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];

    public static async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
