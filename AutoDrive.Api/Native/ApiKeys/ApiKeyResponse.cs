using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.ApiKeys;

/// <summary>An API key as listed: never the key itself.</summary>
public sealed record ApiKeyResponse
{
    /// <example>3fa85f64-5717-4562-b3fc-2c963f66afa6</example>
    public required Guid Id { get; init; }

    /// <example>laptop</example>
    public required string Name { get; init; }

    /// <example>3f0c…9a1b</example>
    public required string MaskedSecret { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <example>2025-01-15T10:30:00+00:00</example>
    public required DateTimeOffset CreatedAt { get; init; }

    public static ApiKeyResponse From(ApiKeyView key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeyResponse { Id = key.Id, Name = key.Name, MaskedSecret = key.MaskedSecret, ExpiresAt = key.ExpiresAt, CreatedAt = key.CreatedAt };
    }
}
