namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>Settings of the embedded content store.</summary>
public sealed class LocalDsnStorageOptions
{
    /// <summary>
    /// The directory holding <c>content/</c> (one file per CID, with its <c>.dag</c> manifest) and <c>tmp/</c>
    /// (uploads in progress). Bound from <c>AutoDrive:DataDirectory</c> + <c>/dsn</c>.
    /// </summary>
    public string RootDirectory { get; set; } = string.Empty;
}
