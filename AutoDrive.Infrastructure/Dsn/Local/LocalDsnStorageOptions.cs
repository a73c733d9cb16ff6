namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>Settings of the embedded content store.</summary>
public sealed class LocalDsnStorageOptions
{
    /// <summary>
    /// The directory holding <c>content/</c> (one file per CID, with its <c>.dag</c> manifest) and <c>tmp/</c>
    /// (uploads in progress). Bound from <c>AutoDrive:DataDirectory</c> + <c>/dsn</c>.
    /// </summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>
    /// How long the readiness check's answer (a write, flush and delete in <c>tmp/</c>) is kept before the disk is
    /// probed again (<c>AutoDrive:LocalDsn:HealthProbeInterval</c>); zero probes at every check.
    /// </summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether concurrent writes are made durable together by one <c>syncfs</c> of the store's file system
    /// (<c>AutoDrive:LocalDsn:GroupCommit</c>, see <see cref="GroupFlush"/>) rather than by an fsync of each file and
    /// directory. Only on Linux; elsewhere, or when false, every write is fsynced on its own.
    /// </summary>
    public bool GroupCommit { get; set; } = true;
}
