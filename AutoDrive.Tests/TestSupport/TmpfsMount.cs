using System.Diagnostics;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A small tmpfs mounted on a new directory (<c>mount -t tmpfs -o size=…</c>), to run the store on a file system that
/// really fills up (ENOSPC from the kernel, not from a double). Mounting needs root (or CAP_SYS_ADMIN); where it is not
/// permitted the test is ignored, saying so. Disposing unmounts it and removes the directory.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/>, or ignores the calling test when mounting is not permitted.</summary>
    public static TmpfsMount MountOrIgnore(long bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("needs Linux to mount a tmpfs");
        }

        var path = System.IO.Path.Combine(TemporaryDirectory.Root, "autodrive-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0755", "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            Assert.Ignore($"needs root to mount a tmpfs ({output.Trim()})");
        }

        return new TmpfsMount(path);
    }

    /// <summary>Bytes still free on the file system.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>
    /// Fills the file system until only about <paramref name="leave"/> bytes are free (a filler file, which
    /// <see cref="FreeFiller"/> removes), so that a write fails at a chosen point.
    /// </summary>
    public void FillLeaving(long leave)
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var file = new FileStream(filler, FileMode.Append, FileAccess.Write);
        var block = new byte[64 * 1024];
        while (FreeBytes > leave)
        {
            file.Write(block, 0, (int)Math.Min(block.Length, FreeBytes - leave));
            file.Flush();
        }
    }

    /// <summary>Removes the filler of <see cref="FillLeaving"/>.</summary>
    public void FreeFiller() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    public void Dispose()
    {
        Run("umount", "-l", Path);
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }
}
