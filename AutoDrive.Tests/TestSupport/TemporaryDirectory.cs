namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A directory under /tmp (which every user can traverse, so PostgreSQL run as the postgres user reaches it even when
/// the tests run as root and TMPDIR points somewhere private), deleted with its contents on dispose.
/// </summary>
public sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>The directories under which <see cref="Create"/> puts its directories.</summary>
    public static string Root => OperatingSystem.IsWindows() || !Directory.Exists("/tmp") ? System.IO.Path.GetTempPath() : "/tmp";

    public static TemporaryDirectory Create(string prefix)
    {
        var path = System.IO.Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new TemporaryDirectory(path);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
