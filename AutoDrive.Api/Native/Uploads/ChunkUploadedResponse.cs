namespace AutoDrive.Api.Native.Uploads;

public sealed record ChunkUploadedResponse
{
    /// <example>Chunk uploaded</example>
    public string Message { get; init; } = "Chunk uploaded";
}
