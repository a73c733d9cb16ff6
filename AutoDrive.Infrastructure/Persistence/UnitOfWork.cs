using AutoDrive.Application.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutoDrive.Infrastructure.Persistence;

internal sealed class UnitOfWork(AutoDriveDbContext db) : IUnitOfWork
{
    private const int MaxAttempts = 10;

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsLostRace(e))
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A concurrent writer got there first: a unique key, a concurrency token, a serialization failure.</summary>
    private static bool IsLostRace(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: PostgresException pg } => IsRaceState(pg.SqlState),
        PostgresException pg => IsRaceState(pg.SqlState),
        _ => false,
    };

    private static bool IsRaceState(string state) =>
        state is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
