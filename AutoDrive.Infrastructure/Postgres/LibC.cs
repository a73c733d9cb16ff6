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
