using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.Infrastructure.Persistence.Listing;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Tests.Infrastructure.Persistence;

/// <summary>Users, contents, holds and keys of the native API, written through the repositories, for persistence tests.</summary>
public static class NativeSeed
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A new user, named <paramref name="name"/> and a random suffix (user names are unique in a database).</summary>
    public static async Task<User> AddUserAsync(MigratedDatabase database, string name, long? uploadLimit = null, long? downloadLimit = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var user = User.Register($"{name}-{Guid.NewGuid():N}"[..Math.Min(User.MaxNameLength, name.Length + 9)], Now);
        user.SetLimits(uploadLimit, downloadLimit);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public static async Task RecordFileAsync(MigratedDatabase database, Cid cid, string name, ContentOwnership ownership, long size = 1)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        await new StoredContentRepository(db).RecordAsync(
            StoredContent.RecordFile(cid, name, UploadOptions.None, size, 1, null, Now), ownership, CancellationToken.None);
    }

    /// <summary>Records a folder, its entries (children already recorded) and the hold on it.</summary>
    public static async Task RecordFolderAsync(MigratedDatabase database, Cid cid, string name, IReadOnlyList<(Cid Cid, ContentKind Kind)> children, ContentOwnership ownership)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(children);
        await using var db = database.CreateContext();
        var repository = new StoredContentRepository(db);
        var folder = StoredContent.RecordFolder(cid, name, children.Count, children.Count + 1, Now);
        await repository.RecordFolderAsync(folder, children.Select((c, i) => new FolderEntry(i, c.Cid, c.Kind, $"child-{i}", 1)).ToList(), CancellationToken.None);
        await repository.RecordAsync(folder, ownership, CancellationToken.None);
    }

    /// <summary>Points the owner's key in bucket <c>default</c> at the content.</summary>
    public static Task MapAsync(MigratedDatabase database, Guid owner, string key, Cid cid) =>
        ListingSeed.AddObjectAsync(database, owner, BucketName.Default.Value, key, new ObjectContent(cid, 1, null));

    public static async Task<ContentOwnership?> HoldAsync(MigratedDatabase database, Guid userId, Cid cid)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        return await db.ContentOwnerships.AsNoTracking().SingleOrDefaultAsync(o => o.UserId == userId && o.Cid == cid.Value);
    }

    /// <summary>When the owner's key in bucket <c>default</c> was trashed (null: visible).</summary>
    public static async Task<DateTimeOffset?> KeyTrashedAtAsync(MigratedDatabase database, Guid owner, string key)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        return await db.ObjectMappings.AsNoTracking()
            .Where(m => m.OwnerId == owner && m.BucketName == BucketName.Default.Value && m.Key == key)
            .Select(m => m.TrashedAt)
            .SingleAsync();
    }

    /// <summary>The transaction id that last wrote the hold's row (it changes with every write, even one that changes no value).</summary>
    public static async Task<string> HoldRowVersionAsync(MigratedDatabase database, Guid userId, Cid cid)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        return await db.Database
            .SqlQuery<string>($"SELECT xmin::text AS \"Value\" FROM content_ownerships WHERE user_id = {userId} AND cid = {cid.Value}")
            .SingleAsync();
    }
}
