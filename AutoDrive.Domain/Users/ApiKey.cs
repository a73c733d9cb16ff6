using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Users;

/// <summary>An API key of a user, known only by its hash (and a short masked hint for its owner to recognise it).</summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 128;
    public const int MaxHintLength = 16;

    private byte[] _hash;

    private ApiKey()
    {
        Name = string.Empty;
        _hash = [];
    }

    internal ApiKey(Guid userId, ApiKeyHash hash, string name, DateTimeOffset createdAt, DateTimeOffset? expiresAt, string? hint)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        _hash = hash.ToArray();
        Name = name;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        Hint = hint is { Length: > MaxHintLength } ? hint[..MaxHintLength] : hint;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The SHA-256 of the key, as stored.</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    public string Name { get; private set; }

    /// <summary>The first and last characters of a generated key (<c>3f0c…9a1b</c>); null for configured keys.</summary>
    public string? Hint { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>How the key is shown once it has been issued: its hint, or stars.</summary>
    public string MaskedSecret => Hint ?? "********";

    /// <summary>The hint of a key: 4 characters at each end of a key long enough that they give nothing useful away.</summary>
    public static string? HintOf(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return apiKey.Length >= 32 ? $"{apiKey[..4]}…{apiKey[^4..]}" : null;
    }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    internal static string NormalizeName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "default";
        }

        return trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl)
            ? throw new DomainException(ErrorKind.InvalidArgument, $"A key name is at most {MaxNameLength} characters, none of them control characters.")
            : trimmed;
    }

    internal void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
