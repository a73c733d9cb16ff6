using System.Text.Json.Serialization;

namespace AutoDrive.Api.Native.Uploads;

public sealed record EncryptionOptionsDto
{
    public const string Aes256Gcm = "AES_256_GCM";

    /// <example>AES_256_GCM</example>
    public string Algorithm { get; init; } = Aes256Gcm;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ChunkSize { get; init; }
}
