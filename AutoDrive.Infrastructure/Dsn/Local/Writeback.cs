using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// Starts the kernel writing a written range of a file to disk without waiting for it (Linux
/// <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>). Issued while a large body streams in, it keeps the disk busy
/// from the first megabytes, so that the fsync at commit finds little left to write. It is an optimisation only:
/// durability still comes from that fsync.
/// </summary>
internal static partial class Writeback
{
    private const uint SyncFileRangeWrite = 2;

    /// <summary>Whether this platform can start writeback early (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    public static void Start(SafeFileHandle file, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!IsSupported || length <= 0)
        {
            return;
        }

        if (SyncFileRange(file, offset, length, SyncFileRangeWrite) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"sync_file_range failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle file, long offset, long nbytes, uint flags);
}
