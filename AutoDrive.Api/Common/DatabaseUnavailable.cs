using System.Data.Common;

namespace AutoDrive.Api.Common;

/// <summary>
/// The rule both edges use to answer 503 rather than 500: a failure of the database (or a timeout) anywhere in the
/// exception's chain. Every database exception counts, not only those Npgsql calls transient: a server that was
/// killed, is restarting ("the database system is starting up", "terminating connection due to administrator
/// command") or frozen (connect or command timeout, an exhausted pool) is the client's cue to retry, and EF Core
/// wraps such failures (DbUpdateException, RetryLimitExceededException, InvalidOperationException) with the database
/// exception as the inner one.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool Matches(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or TimeoutException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Matches))
            {
                return true;
            }
        }

        return false;
    }
}
