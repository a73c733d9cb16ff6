namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// The exclusive lock on <c>autodrive-postgres.lock</c> that a process holds for as long as it runs the cluster, so
/// that two AutoDrive processes never share one.
/// </summary>
internal sealed class ClusterLock(ClusterLayout layout) : IDisposable
{
    private FileStream? file;

    public void Acquire()
    {
        if (file is not null)
        {
            return;
        }

        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix; .NET opens files O_CLOEXEC, so the programs
            // started later (and the postmaster) never inherit the descriptor. Read access: nothing is ever written.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Read, Share = FileShare.None, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = Configuration.PrivateFiles.FileMode;
            }

            file = new FileStream(layout.LockFile, options);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL data directory \"{layout.DataDirectory}\" is in use by another AutoDrive process (it holds {layout.LockFile}). "
                + "Stop that process or give this one its own AutoDrive:DataDirectory.",
                e);
        }
    }

    public void Dispose()
    {
        file?.Dispose();
        file = null;
    }
}
