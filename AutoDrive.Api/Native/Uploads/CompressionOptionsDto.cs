using System.Text.Json.Serialization;

namespace AutoDrive.Api.Native.Uploads;

public sealed record CompressionOptionsDto
{
    public const string Zlib = "ZLIB";

    /// <example>ZLIB</example>
    public string Algorithm { get; init; } = Zlib;

    /// <example>9</example>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Level { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ChunkSize { get; init; }
}
