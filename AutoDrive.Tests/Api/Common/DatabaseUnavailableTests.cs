using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Errors;
using AutoDrive.Api.S3.Errors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutoDrive.Tests.Api.Common;

/// <summary>
/// Every database failure — as Npgsql raises it when the server is gone, restarting or frozen, and as EF Core wraps
/// it — is a 503 on both edges, never a 500; other exceptions are not matched.
/// </summary>
public class DatabaseUnavailableTests
{
    private static IEnumerable<TestCaseData> DatabaseFailures()
    {
        yield return new TestCaseData(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111))).SetName("Matches_ConnectionRefused_Is503");
        yield return new TestCaseData(new NpgsqlException("Exception while reading from stream", new TimeoutException())).SetName("Matches_CommandTimeout_Is503");
        yield return new TestCaseData(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).SetName("Matches_ServerGoneMidCommand_Is503");
        yield return new TestCaseData(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")).SetName("Matches_AdminShutdown_Is503");
        yield return new TestCaseData(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")).SetName("Matches_StartingUp_Is503");
        yield return new TestCaseData(new DbUpdateException("An error occurred while saving", new NpgsqlException("broken", new IOException()))).SetName("Matches_EfUpdateWrapper_Is503");
        yield return new TestCaseData(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new PostgresException("x", "FATAL", "FATAL", "57P02"))).SetName("Matches_EfTransientWrapper_Is503");
        yield return new TestCaseData(new TimeoutException("The operation has timed out.")).SetName("Matches_BareTimeout_Is503");
    }

    [TestCaseSource(nameof(DatabaseFailures))]
    public void Matches_DatabaseFailure_IsTrueAndBothEdgesAnswer503(Exception failure)
    {
        Assert.That(DatabaseUnavailable.Matches(failure), Is.True);
        Assert.That(S3ErrorCatalog.Find(failure)?.Status, Is.EqualTo(503));
        Assert.That(NativeErrorCatalog.Find(failure).Status, Is.EqualTo(503));
    }

    [Test]
    public void Matches_UnrelatedException_IsFalse()
    {
        var failure = new InvalidOperationException("a bug", new ArgumentException("not a database failure"));

        Assert.That(DatabaseUnavailable.Matches(failure), Is.False);
        Assert.That(S3ErrorCatalog.Find(failure), Is.Null);
        Assert.That(NativeErrorCatalog.Find(failure).Status, Is.EqualTo(500));
    }
}
