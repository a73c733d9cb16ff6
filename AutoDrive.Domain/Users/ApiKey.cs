namespace AutoDrive.Domain.Users;

/// <summary>An API key of a user, known only by its hash.</summary>
public sealed class ApiKey
{
    private ApiKey()
    {
        Name = string.Empty;
        Hash = [];
    }

    internal ApiKey(Guid userId, ApiKeyHash hash, string name, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        Hash = hash.ToArray();
        Name = name;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The SHA-256 of the key, as stored.</summary>
    public byte[] Hash { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    internal void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
