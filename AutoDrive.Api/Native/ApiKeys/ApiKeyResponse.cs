using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.ApiKeys;

/// <summary>An API key as listed: never the key itself.</summary>
public sealed record ApiKeyResponse
{
    public required Guid Id { get; init; }

    /// <example>laptop</example>
    public required string Name { get; init; }

    /// <example>3f0c…9a1b</example>
    public required string MaskedSecret { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static ApiKeyResponse From(ApiKeyView key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeyResponse { Id = key.Id, Name = key.Name, MaskedSecret = key.MaskedSecret, ExpiresAt = key.ExpiresAt, CreatedAt = key.CreatedAt };
    }
}
