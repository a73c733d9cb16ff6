namespace AutoDrive.Api.Native.Uploads;

public sealed record CompleteUploadResponse
{
    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string Cid { get; init; }
}
