using AutoDrive.Domain.Common;
using AutoDrive.Infrastructure.Dsn.Local;

namespace AutoDrive.Tests.Infrastructure.Dsn.Local;

/// <summary>
/// The error numbers the local store meets, as .NET reports them on Linux (the raw errno in the IOException's
/// HResult): each is a 503 ServiceUnavailable naming the cause, with the failure kept as the inner exception for the
/// log. The message reaches clients, so it names no path.
/// </summary>
public class StorageFaultTests
{
    [TestCase(28, "storage is full")]
    [TestCase(122, "storage is full")]
    [TestCase(30, "read-only")]
    [TestCase(5, "I/O error")]
    [TestCase(24, "file handles")]
    [TestCase(71, "could not be written")]
    public void ForWrite_ByErrno_IsServiceUnavailableNamingTheCause(int errno, string expected)
    {
        var failure = new IOException("/secret/path/x.part: failed", errno);

        var error = StorageFault.ForWrite(failure);

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Contain("nothing was stored"));
        Assert.That(error.Message, Does.Not.Contain("/secret"));
        Assert.That(error.InnerException, Is.SameAs(failure));
    }

    [Test]
    public void ForWrite_PermissionDenied_IsServiceUnavailable()
    {
        var error = StorageFault.ForWrite(new UnauthorizedAccessException("denied"));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("permission denied"));
    }

    [TestCase(5, "I/O error")]
    [TestCase(71, "could not read")]
    public void ForRead_ByErrno_IsServiceUnavailable(int errno, string expected)
    {
        var error = StorageFault.ForRead(new IOException("x", errno));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain(expected));
    }
}
