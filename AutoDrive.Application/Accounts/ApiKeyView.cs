namespace AutoDrive.Application.Accounts;

/// <summary>An API key as its owner sees it after it was issued: never the key itself (flat: mapped from <c>ApiKey</c>).</summary>
public sealed class ApiKeyView
{
    public Guid Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string MaskedSecret { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
