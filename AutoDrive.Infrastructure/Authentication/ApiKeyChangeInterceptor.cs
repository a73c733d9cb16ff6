using System.Data.Common;
using System.Runtime.CompilerServices;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutoDrive.Infrastructure.Authentication;

/// <summary>
/// Empties this gateway's <see cref="ApiKeyCache"/> when this gateway changes a key or what a cached caller carries (a
/// user's name or limits), synchronously: once when the change is saved and again when its transaction commits, so
/// the answer to "revoke" is only sent when no request here can still pass with the key. Other gateways learn of it
/// through the database's notice (<see cref="ApiKeyChangeListener"/>).
/// </summary>
public sealed class ApiKeyChangeInterceptor(ApiKeyCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> ChangedInTransaction = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is not null && Affects(context.ChangeTracker))
        {
            ChangedInTransaction.AddOrUpdate(context, context);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && ChangedInTransaction.TryGetValue(context, out _))
        {
            cache.Invalidate();
            if (context.Database.CurrentTransaction is null)
            {
                ChangedInTransaction.Remove(context);
            }
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && ChangedInTransaction.Remove(context))
        {
            cache.Invalidate();
        }
    }

    private static bool Affects(ChangeTracker tracker) =>
        tracker.Entries<ApiKey>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
        || tracker.Entries<User>().Any(e => e.State == EntityState.Deleted
            || (e.State == EntityState.Modified
                && (e.Property(u => u.Name).IsModified || e.Property(u => u.UploadLimit).IsModified || e.Property(u => u.DownloadLimit).IsModified)));
}
