namespace AutoDrive.Api.Native.Objects;

/// <summary>A data node of a file: the content bytes it carries and its CID.</summary>
public sealed record ChunkResponse
{
    /// <example>65066</example>
    public required long Size { get; init; }

    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string Cid { get; init; }
}
