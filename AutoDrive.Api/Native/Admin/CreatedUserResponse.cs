using AutoDrive.Api.Native.ApiKeys;

namespace AutoDrive.Api.Native.Admin;

/// <summary>A user just created, with their first API key (shown this once).</summary>
public sealed record CreatedUserResponse
{
    public required AdminUserResponse User { get; init; }

    public required CreatedApiKeyResponse ApiKey { get; init; }
}
