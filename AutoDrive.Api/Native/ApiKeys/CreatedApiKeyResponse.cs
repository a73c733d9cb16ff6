using AutoDrive.Application.Accounts;

namespace AutoDrive.Api.Native.ApiKeys;

/// <summary>A key just created: <see cref="Secret"/> is the key, shown this once (only its hash is kept).</summary>
public sealed record CreatedApiKeyResponse
{
    /// <example>3fa85f64-5717-4562-b3fc-2c963f66afa6</example>
    public required Guid Id { get; init; }

    /// <example>laptop</example>
    public required string Name { get; init; }

    /// <summary>The API key: use it as the bearer key and as the S3 access key id. It is not shown again.</summary>
    /// <example>9c1d4e7f0a2b5c8d1e4f7a0b3c6d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4b7c0d</example>
    public required string Secret { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <example>2025-01-15T10:30:00+00:00</example>
    public required DateTimeOffset CreatedAt { get; init; }

    public static CreatedApiKeyResponse From(IssuedApiKey issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        return new CreatedApiKeyResponse
        {
            Id = issued.Key.Id,
            Name = issued.Key.Name,
            Secret = issued.Secret,
            ExpiresAt = issued.Key.ExpiresAt,
            CreatedAt = issued.Key.CreatedAt,
        };
    }
}
