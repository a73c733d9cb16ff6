using System.ComponentModel;
using System.Runtime.InteropServices;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>An OS user account, looked up with <c>getpwnam_r</c>; files are handed to it with <c>lchown</c>.</summary>
internal sealed record UnixAccount(string Name, uint UserId, uint GroupId)
{
    /// <summary>The account named <paramref name="name"/>, or null when there is none.</summary>
    public static unsafe UnixAccount? Find(string name)
    {
        for (var size = 1024; size <= 1 << 20; size *= 4)
        {
            var buffer = new byte[size];
            int error;
            LibC.Passwd entry;
            IntPtr result;
            fixed (byte* bytes = buffer)
            {
                error = LibC.GetPasswordEntry(name, &entry, bytes, (nuint)size, &result);
            }

            if (error == LibC.ERANGE)
            {
                continue;
            }

            if (error != 0)
            {
                throw new Win32Exception(error, $"getpwnam_r(\"{name}\") failed: {Marshal.GetPInvokeErrorMessage(error)}");
            }

            return result == IntPtr.Zero ? null : new UnixAccount(name, entry.UserId, entry.GroupId);
        }

        throw new InvalidOperationException($"The passwd entry of \"{name}\" does not fit in 1 MiB.");
    }

    /// <summary>Makes this account the owner (user and group) of <paramref name="path"/>, not following symlinks.</summary>
    public void Own(string path)
    {
        if (LibC.ChangeOwner(path, UserId, GroupId) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"chown {Name} \"{path}\" failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>
    /// Gives <paramref name="path"/> this account's group, its owner unchanged (not following symlinks): with mode
    /// 0710 the account may pass through a directory that no other account may enter.
    /// </summary>
    public void ShareGroup(string path)
    {
        if (LibC.ChangeOwner(path, uint.MaxValue, GroupId) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"chgrp {GroupId} \"{path}\" failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }
}
