using AutoDrive.Domain.Common;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// What a failed file operation of the local store means for a client: the disk is full, read-only, failing or not
/// writable by this process. None of these is the client's fault nor an internal error, and a retry may succeed once
/// an operator has acted, so each becomes <see cref="ErrorKind.ServiceUnavailable"/> (S3 503 ServiceUnavailable,
/// native 503 ProblemDetails) with a message naming the cause. The cause is read from the error number: on Linux .NET
/// puts the raw <c>errno</c> in <see cref="Exception.HResult"/> of the <see cref="IOException"/> it throws (and the
/// store's own P/Invoke wrappers do the same); on Windows the Win32 error is in the low 16 bits of the HRESULT.
/// </summary>
internal static class StorageFault
{
    // Linux errno values (asm-generic/errno-base.h, asm-generic/errno.h).
    private const int Eio = 5;
    private const int Enfile = 23;
    private const int Emfile = 24;
    private const int Efbig = 27;
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Edquot = 122;

    // Win32 errors with the same meaning.
    private const int WindowsHandleDiskFull = 39;
    private const int WindowsDiskFull = 112;
    private const int WindowsWriteProtect = 19;

    /// <summary>Whether <paramref name="exception"/> is a failure of the file system (and not, say, a cancellation).</summary>
    public static bool IsFileSystemFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>The client-safe error for a write (content, part, manifest, folder) that failed with <paramref name="exception"/>.</summary>
    public static DomainException ForWrite(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = Classify(exception) switch
        {
            Cause.Full => "The storage is full: nothing was stored. Please retry once space has been freed.",
            Cause.ReadOnly => "The storage is read-only: nothing was stored.",
            Cause.InputOutput => "The storage reported an I/O error: nothing was stored. Please retry.",
            Cause.Denied => "The storage refused the write (permission denied): nothing was stored.",
            Cause.Exhausted => "The storage is out of file handles: nothing was stored. Please retry.",
            _ => "The storage could not be written: nothing was stored. Please retry.",
        };
        return new DomainException(ErrorKind.ServiceUnavailable, message, exception);
    }

    /// <summary>The client-safe error for a read of stored content that failed with <paramref name="exception"/>.</summary>
    public static DomainException ForRead(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = Classify(exception) switch
        {
            Cause.InputOutput => "The storage reported an I/O error reading the content. Please retry.",
            Cause.Denied => "The storage refused to read the content (permission denied).",
            Cause.Exhausted => "The storage is out of file handles. Please retry.",
            _ => "The storage could not read the content. Please retry.",
        };
        return new DomainException(ErrorKind.ServiceUnavailable, message, exception);
    }

    /// <summary>A stored content that is shorter than what was recorded for it: it was damaged (truncated) on disk.</summary>
    public static DomainException Damaged(string what) =>
        new(ErrorKind.ServiceUnavailable, $"The stored content {what} is damaged (shorter than recorded) and cannot be served.");

    /// <summary>True when the error means the file system is full (the store's health check reports it).</summary>
    public static bool IsFull(Exception exception) => Classify(exception) == Cause.Full;

    private static Cause Classify(Exception exception)
    {
        if (exception is UnauthorizedAccessException)
        {
            return Cause.Denied;
        }

        var code = exception.HResult & 0xFFFF;
        if (OperatingSystem.IsWindows())
        {
            return code switch
            {
                WindowsHandleDiskFull or WindowsDiskFull => Cause.Full,
                WindowsWriteProtect => Cause.ReadOnly,
                _ => Cause.Other,
            };
        }

        return exception.HResult switch
        {
            Enospc or Edquot or Efbig => Cause.Full,
            Erofs => Cause.ReadOnly,
            Eio => Cause.InputOutput,
            Enfile or Emfile => Cause.Exhausted,
            _ => Cause.Other,
        };
    }

    private enum Cause
    {
        Other,
        Full,
        ReadOnly,
        InputOutput,
        Denied,
        Exhausted,
    }
}
