namespace AutoDrive.Api.Native.Objects;

/// <summary><c>POST /api/objects/{cid}/share</c>: whom to share with.</summary>
public sealed record ShareRequest
{
    /// <summary>The other user's public id (shown to them by <c>GET /api/users/@me</c>).</summary>
    /// <example>6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f</example>
    public string? PublicId { get; init; }
}
