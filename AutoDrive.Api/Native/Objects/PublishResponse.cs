namespace AutoDrive.Api.Native.Objects;

public sealed record PublishResponse
{
    /// <summary>The publication's id: <c>GET /api/objects/{result}/public</c> downloads the object without authentication.</summary>
    /// <example>0b8e4c1f2a3d4e5f6a7b8c9d0e1f2a3b</example>
    public required string Result { get; init; }
}
