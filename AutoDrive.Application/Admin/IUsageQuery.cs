namespace AutoDrive.Application.Admin;

/// <summary>What operators see of users and storage.</summary>
public interface IUsageQuery
{
    /// <summary>A page of users by name, with what each holds and has used, and how many users there are.</summary>
    Task<UserUsagePage> ListUsersAsync(int limit, int offset, CancellationToken cancellationToken);

    Task<StorageUsage> GetStorageAsync(CancellationToken cancellationToken);
}

/// <summary>A user with their usage: roots held (not trashed), the bytes of those, S3 keys, and credits.</summary>
public sealed record UserUsage(
    Guid Id,
    string Name,
    string PublicId,
    DateTimeOffset CreatedAt,
    long Objects,
    long Bytes,
    long Keys,
    long? UploadLimit,
    long? DownloadLimit,
    long UploadedBytes,
    long DownloadedBytes,
    int ActiveApiKeys);

public sealed record UserUsagePage(IReadOnlyList<UserUsage> Users, long TotalCount);

/// <summary>The whole installation: users, stored contents (files and folders, once per CID), their bytes, and S3 keys (mapped keys).</summary>
public sealed record StorageUsage(long Users, long Files, long Folders, long StoredBytes, long MappedKeys);
