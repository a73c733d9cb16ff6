using System.Runtime.InteropServices;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// POSIX <c>link</c>: a second name for a file's data, without copying it (no managed API offers it). Both names
/// must be on the same file system, as the local store's staging and content are.
/// </summary>
internal static partial class HardLink
{
    public static void Create(string existing, string newPath)
    {
        if (Link(existing, newPath) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"link '{existing}' to '{newPath}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);
}
