namespace AutoDrive.Application.Common;

/// <summary>
/// Runs one use case's writes as one database transaction. When a concurrent writer wins a race (a unique
/// key or a concurrency token), the work is rolled back and run again on fresh state, a bounded number of
/// times: the last completed write wins and nothing is half-written.
/// </summary>
public interface IUnitOfWork
{
    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
