using System.Runtime.InteropServices;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>The few libc calls the cluster manager needs and .NET does not offer.</summary>
internal static unsafe partial class LibC
{
    public const int ERANGE = 34;

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetPasswordEntry(string name, Passwd* entry, byte* buffer, nuint bufferLength, IntPtr* result);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int ChangeOwner(string path, uint owner, uint group);

    /// <summary>SIGKILL, for the backends a killed postmaster left behind.</summary>
    public const int SIGKILL = 9;

    /// <summary>poll(2): data to read; on a pidfd, the process has exited.</summary>
    public const short POLLIN = 0x1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial int SysCall(nint number, int pid, uint flags);

    /// <summary>
    /// pidfd_open(2) (Linux 5.3+; 434 on every architecture): a descriptor that polls readable when the process exits,
    /// for a process that is not our child. -1 when the kernel has no such call or the process is gone.
    /// </summary>
    public static int PidFdOpen(int pid) => OperatingSystem.IsLinux() ? SysCall(434, pid, 0) : -1;

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    /// <summary>The canonical absolute path of an existing <paramref name="path"/> (symlinks resolved), or null.</summary>
    public static string? Canonicalize(string path)
    {
        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>The leading fields of <c>struct passwd</c> (same layout on glibc and musl, 32 and 64 bit).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Passwd
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint UserId;
        public uint GroupId;
        public IntPtr Gecos;
        public IntPtr Directory;
        public IntPtr Shell;
    }
}
