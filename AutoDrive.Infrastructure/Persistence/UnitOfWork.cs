using AutoDrive.Application.Common;
using AutoDrive.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// Runs a write as one transaction; a lost race (a concurrency token, a unique key, a serialization failure, a
/// deadlock) rolls it back and runs it again on fresh state after a jittered, growing pause, so that writers who lost
/// together do not collide again in step. When every attempt lost, the client is told to slow down (S3 503 SlowDown,
/// native 503), which every S3 client retries: a lost race is never a 500.
/// </summary>
internal sealed class UnitOfWork(AutoDriveDbContext db) : IUnitOfWork
{
    /// <summary>Attempts before SlowDown: with the pauses below, about a second and a half of losing in all.</summary>
    internal const int MaxAttempts = 12;

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1: "full jitter", random up to a doubling ceiling.</summary>
    internal static TimeSpan PauseAfter(int attempt)
    {
        var ceiling = Math.Min(LongestPause.TotalMilliseconds, FirstPause.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // No savepoint around SaveChanges (two more round trips on every write): a failure here rolls the
                // whole transaction back and the work is retried from the start, never resumed after the failure.
                db.Database.AutoSavepointsEnabled = false;
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var result = await work(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception e) when (IsLostRace(e))
            {
                // Disposing the transaction rolled it back; what was tracked is stale.
                db.ChangeTracker.Clear();
                if (attempt == MaxAttempts)
                {
                    throw new DomainException(
                        ErrorKind.SlowDown, "Please reduce your request rate: concurrent writes of the same data kept conflicting.", e);
                }

                await Task.Delay(PauseAfter(attempt), cancellationToken);
            }
        }
    }

    /// <summary>A concurrent writer got there first: a unique key, a concurrency token, a serialization failure.</summary>
    internal static bool IsLostRace(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: PostgresException pg } => IsRaceState(pg.SqlState),
        PostgresException pg => IsRaceState(pg.SqlState),
        _ => false,
    };

    private static bool IsRaceState(string state) =>
        state is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
