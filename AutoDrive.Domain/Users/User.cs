using System.Security.Cryptography;
using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Users;

/// <summary>
/// A user of AutoDrive: owns buckets, objects and API keys, and has upload and download limits. A limit is a number of
/// bytes (null: unlimited); the credits a user has used are charged against it as uploads complete and downloads
/// start. A user without a limit is not metered on that side.
/// </summary>
public sealed class User
{
    public const int MaxNameLength = 128;

    /// <summary>The length of <see cref="PublicId"/>: 32 hex characters (128 random bits).</summary>
    public const int PublicIdLength = 32;

    private readonly List<ApiKey> _apiKeys = [];

    private User()
    {
        Name = string.Empty;
        PublicId = string.Empty;
    }

    private User(Guid id, string name, string publicId, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        PublicId = publicId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>
    /// A stable, non-secret id of the user that others may know: what sharing takes (<c>{publicId}</c>), and how the
    /// user appears as an owner of objects. Not the internal id, not derived from the name.
    /// </summary>
    public string PublicId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The bytes this user may upload in all (null: unlimited).</summary>
    public long? UploadLimit { get; private set; }

    /// <summary>The bytes this user may download in all (null: unlimited).</summary>
    public long? DownloadLimit { get; private set; }

    /// <summary>Upload credits used: the bytes of completed uploads while a limit was set.</summary>
    public long UploadedBytes { get; private set; }

    /// <summary>Download credits used: the bytes of downloads started while a limit was set.</summary>
    public long DownloadedBytes { get; private set; }

    public IReadOnlyList<ApiKey> ApiKeys => _apiKeys.AsReadOnly();

    /// <summary>Upload credits left (null: unlimited).</summary>
    public long? PendingUploadCredits => UploadLimit is { } limit ? Math.Max(0, limit - UploadedBytes) : null;

    /// <summary>Download credits left (null: unlimited).</summary>
    public long? PendingDownloadCredits => DownloadLimit is { } limit ? Math.Max(0, limit - DownloadedBytes) : null;

    public static User Register(string name, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"A user name is 1 to {MaxNameLength} characters, none of them control characters.");
        }

        return new User(Guid.NewGuid(), name.Trim(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PublicIdLength / 2)), now);
    }

    /// <summary>Sets both limits (null: unlimited). Credits already used stay used.</summary>
    public void SetLimits(long? uploadLimit, long? downloadLimit)
    {
        if (uploadLimit < 0 || downloadLimit < 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "A limit is a non-negative number of bytes, or null for unlimited.");
        }

        UploadLimit = uploadLimit;
        DownloadLimit = downloadLimit;
    }

    /// <summary>
    /// Adds a key known by its hash, with the <paramref name="hint"/> its owner may be shown of it later (see
    /// <see cref="ApiKey.MaskedSecret"/>). The same hash is never issued twice to a user.
    /// </summary>
    public ApiKey IssueApiKey(ApiKeyHash hash, string name, DateTimeOffset now, DateTimeOffset? expiresAt = null, string? hint = null)
    {
        if (expiresAt is not null && expiresAt <= now)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "An API key must expire in the future.");
        }

        var existing = _apiKeys.FirstOrDefault(k => k.Hash.Span.SequenceEqual(hash.Value.Span));
        if (existing is not null)
        {
            return existing;
        }

        var key = new ApiKey(Id, hash, ApiKey.NormalizeName(name), now, expiresAt, hint);
        _apiKeys.Add(key);
        return key;
    }

    public bool HasUsableKey(ApiKeyHash hash, DateTimeOffset now) => FindUsableKey(hash, now) is not null;

    /// <summary>This user's key with that hash when it is usable at <paramref name="now"/> (not revoked, not expired), else null.</summary>
    public ApiKey? FindUsableKey(ApiKeyHash hash, DateTimeOffset now) =>
        _apiKeys.FirstOrDefault(k => k.Hash.Span.SequenceEqual(hash.Value.Span) && k.IsUsableAt(now));

    /// <summary>Revokes one of this user's keys (idempotent); another user's key id is not found.</summary>
    public void RevokeApiKey(Guid keyId, DateTimeOffset now)
    {
        var key = _apiKeys.FirstOrDefault(k => k.Id == keyId)
            ?? throw new DomainException(ErrorKind.NotFound, "No such API key.");
        key.Revoke(now);
    }
}
