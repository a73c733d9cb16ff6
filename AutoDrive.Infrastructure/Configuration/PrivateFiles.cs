namespace AutoDrive.Infrastructure.Configuration;

/// <summary>
/// How AutoDrive creates what it keeps on disk: directories 0700 and files 0600, so that no other local account
/// can list, read or change tenants' bytes, keys or the database's secret. Modes are given at creation (never a
/// window in which a file is world-readable); directories that already exist are tightened to the same mode. On
/// Windows, the file system's inherited ACLs apply instead.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents, which get the same mode) with mode 0700 plus
    /// <paramref name="extra"/>, or sets that mode on the directory that is already there.
    /// </summary>
    public static void CreateDirectory(string path, UnixFileMode extra = UnixFileMode.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var mode = DirectoryMode | extra;
        if (Directory.Exists(path))
        {
            var existing = new DirectoryInfo(path);
            // A directory reached through a symlink is not ours to change (e.g. /tmp on some systems).
            if (existing.LinkTarget is null && File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }

            return;
        }

        Directory.CreateDirectory(path, mode);
    }

    /// <summary>Options that create a new file (failing if one is there), mode 0600, for writing.</summary>
    public static FileStreamOptions NewFile(int bufferSize = 4096, FileShare share = FileShare.None) =>
        Create(System.IO.FileMode.CreateNew, bufferSize, share);

    /// <summary>Options that open or create a file for writing; a created one gets mode 0600.</summary>
    public static FileStreamOptions Create(System.IO.FileMode mode, int bufferSize = 4096, FileShare share = FileShare.None)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
