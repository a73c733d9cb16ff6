using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Users;

/// <summary>A user of AutoDrive: owns buckets, objects and API keys.</summary>
public sealed class User
{
    public const int MaxNameLength = 128;

    private readonly List<ApiKey> _apiKeys = [];

    private User()
    {
        Name = string.Empty;
    }

    private User(Guid id, string name, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<ApiKey> ApiKeys => _apiKeys;

    public static User Register(string name, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"A user name is 1 to {MaxNameLength} characters.");
        }

        return new User(Guid.NewGuid(), name.Trim(), now);
    }

    /// <summary>Adds a key known by its hash. The same hash is never issued twice to a user.</summary>
    public ApiKey IssueApiKey(ApiKeyHash hash, string name, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        if (expiresAt is not null && expiresAt <= now)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "An API key must expire in the future.");
        }

        var existing = _apiKeys.FirstOrDefault(k => k.Hash.AsSpan().SequenceEqual(hash.Value.Span));
        if (existing is not null)
        {
            return existing;
        }

        var key = new ApiKey(Id, hash, string.IsNullOrWhiteSpace(name) ? "default" : name.Trim(), now, expiresAt);
        _apiKeys.Add(key);
        return key;
    }

    public bool HasUsableKey(ApiKeyHash hash, DateTimeOffset now) =>
        _apiKeys.Any(k => k.Hash.AsSpan().SequenceEqual(hash.Value.Span) && k.IsUsableAt(now));

    public void RevokeApiKey(Guid keyId, DateTimeOffset now)
    {
        var key = _apiKeys.FirstOrDefault(k => k.Id == keyId)
            ?? throw new DomainException(ErrorKind.NotFound, "No such API key.");
        key.Revoke(now);
    }
}
