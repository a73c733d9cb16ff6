namespace AutoDrive.Api.Native.Objects;

public sealed record SearchHitResponse
{
    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string Cid { get; init; }

    /// <example>test.txt</example>
    public required string Name { get; init; }
}
