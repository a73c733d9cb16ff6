namespace AutoDrive.Api.Native.ApiKeys;

public sealed record CreateApiKeyRequest
{
    /// <example>laptop</example>
    public string? Name { get; init; }

    /// <summary>When the key stops working (in the future); null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
