using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;

namespace AutoDrive.Api.Native.Objects;

/// <summary>An owner of an object: the uploader (<c>admin</c>) or a user it was shared with (<c>viewer</c>).</summary>
public sealed record OwnerResponse
{
    /// <example>apikey</example>
    public required string OauthProvider { get; init; }

    /// <summary>The owner's public id.</summary>
    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public required string OauthUserId { get; init; }

    /// <example>admin</example>
    public required string Role { get; init; }

    public static OwnerResponse From(OwnerRow owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new OwnerResponse
        {
            OauthProvider = NativeIdentity.Provider,
            OauthUserId = owner.PublicId,
            Role = owner.Role == OwnerRole.Admin ? "admin" : "viewer",
        };
    }
}
