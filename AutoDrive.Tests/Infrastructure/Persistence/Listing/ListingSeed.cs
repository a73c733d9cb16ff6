using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;

namespace AutoDrive.Tests.Infrastructure.Persistence.Listing;

/// <summary>Users, content and object mappings written through the domain and EF, for listing tests.</summary>
public static class ListingSeed
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public static readonly Cid Content = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    public static readonly Md5Digest Md5 = Md5Digest.FromBytes(Convert.FromHexString("6cd3556deb0da54bca060b4c39479839"));

    public static async Task<User> AddUserAsync(MigratedDatabase database, string name)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var user = User.Register(name, Now);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        await new StoredContentRepository(db).RecordAsync(
            StoredContent.RecordFile(Content, "test.txt", UploadOptions.None, 13, 1, null, Now), ContentOwnership.Grant(Content, user.Id, Now), CancellationToken.None);
        return user;
    }

    /// <summary>Writes the keys as the owner's objects in the bucket (13 bytes, the MD5 of "Hello, world!").</summary>
    public static async Task AddObjectsAsync(MigratedDatabase database, Guid owner, string bucket, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        await new BucketRepository(db, new KnownBuckets()).EnsureExistsAsync(Bucket.Create(owner, BucketName.Parse(bucket), Now), CancellationToken.None);
        foreach (var chunk in keys.Chunk(2000))
        {
            db.ObjectMappings.AddRange(chunk.Select(key => Mapping(owner, bucket, key, new ObjectContent(Content, 13, Md5))));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    public static async Task AddObjectAsync(MigratedDatabase database, Guid owner, string bucket, string key, ObjectContent content)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        await new BucketRepository(db, new KnownBuckets()).EnsureExistsAsync(Bucket.Create(owner, BucketName.Parse(bucket), Now), CancellationToken.None);
        db.ObjectMappings.Add(Mapping(owner, bucket, key, content));
        await db.SaveChangesAsync();
    }

    /// <summary>Sorts as S3 lists: by the UTF-8 bytes.</summary>
    public static List<string> InUtf8Order(IEnumerable<string> keys) =>
        keys.OrderBy(k => System.Text.Encoding.UTF8.GetBytes(k), Utf8Comparer.Instance).ToList();

    private static ObjectMapping Mapping(Guid owner, string bucket, string key, ObjectContent content) =>
        ObjectMapping.Create(owner, BucketName.Parse(bucket), ObjectKey.Parse(key), content, ContentHeaders.None, UserMetadata.Empty, null, Now);

    private sealed class Utf8Comparer : IComparer<byte[]>
    {
        public static readonly Utf8Comparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y.AsSpan());
    }
}
