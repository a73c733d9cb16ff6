using System.Text.Json.Serialization;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>
/// What the client has already done to the bytes (the server never does it): part of a file's CID. The SDK sends
/// <c>{}</c>, <c>{"compression":{"algorithm":"ZLIB","level":9}}</c>, or that with <c>"encryption":{"algorithm":"AES_256_GCM"}</c>.
/// </summary>
public sealed record UploadOptionsDto
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CompressionOptionsDto? Compression { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EncryptionOptionsDto? Encryption { get; init; }

    public static UploadOptionsDto From(UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new UploadOptionsDto
        {
            Compression = options.Compression is { } c
                ? new CompressionOptionsDto { Algorithm = CompressionOptionsDto.Zlib, Level = c.Level, ChunkSize = c.ChunkSize }
                : null,
            Encryption = options.Encryption is { } e
                ? new EncryptionOptionsDto { Algorithm = EncryptionOptionsDto.Aes256Gcm, ChunkSize = e.ChunkSize }
                : null,
        };
    }

    /// <summary>The domain's options; an unknown algorithm or a negative size is refused (400).</summary>
    public static UploadOptions ToDomain(UploadOptionsDto? dto)
    {
        if (dto is null || (dto.Compression is null && dto.Encryption is null))
        {
            return UploadOptions.None;
        }

        CompressionOptions? compression = null;
        if (dto.Compression is { } c)
        {
            if (!string.Equals(c.Algorithm, CompressionOptionsDto.Zlib, StringComparison.Ordinal))
            {
                throw Invalid($"The only compression algorithm is {CompressionOptionsDto.Zlib}.");
            }

            compression = new CompressionOptions(CompressionAlgorithm.Zlib, NonNegative(c.Level, "level"), NonNegative(c.ChunkSize, "chunkSize"));
        }

        EncryptionOptions? encryption = null;
        if (dto.Encryption is { } e)
        {
            if (!string.Equals(e.Algorithm, EncryptionOptionsDto.Aes256Gcm, StringComparison.Ordinal))
            {
                throw Invalid($"The only encryption algorithm is {EncryptionOptionsDto.Aes256Gcm}.");
            }

            encryption = new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm, NonNegative(e.ChunkSize, "chunkSize"));
        }

        return new UploadOptions(compression, encryption);
    }

    private static int? NonNegative(int? value, string name) =>
        value is < 0 ? throw Invalid($"'{name}' is a non-negative integer.") : value;

    private static DomainException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
