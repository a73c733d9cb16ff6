using AutoDrive.Infrastructure.Dsn.Local;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The temporary files of a local store root: everything under <c>tmp/</c>, in every server's own directory, except
/// the lock files that mark those directories as owned.
/// </summary>
public static class StoreTempFiles
{
    public static List<string> In(string storeRoot)
    {
        var temp = Path.Combine(storeRoot, "tmp");
        return Directory.Exists(temp)
            ? [.. Directory.EnumerateFiles(temp, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != LocalDsnStorage.OwnerLockFile)]
            : [];
    }
}
