using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>
/// Reads the upload options a client declares in its metadata: <c>compression: ZLIB</c> and
/// <c>encryption: AES_256_GCM</c> mean the bytes were already transformed; they go into the CID. Other values
/// are ordinary metadata and do not change the CID.
/// </summary>
public static class UploadOptionsReader
{
    public const string CompressionKey = "compression";
    public const string EncryptionKey = "encryption";

    public static UploadOptions FromMetadata(UserMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var compression = metadata.TryGetValue(CompressionKey, out var c) && string.Equals(c.Trim(), "ZLIB", StringComparison.OrdinalIgnoreCase)
            ? new CompressionOptions(CompressionAlgorithm.Zlib)
            : null;
        var encryption = metadata.TryGetValue(EncryptionKey, out var e) && string.Equals(e.Trim(), "AES_256_GCM", StringComparison.OrdinalIgnoreCase)
            ? new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm)
            : null;
        return compression is null && encryption is null ? UploadOptions.None : new UploadOptions(compression, encryption);
    }

    /// <summary>The metadata an S3 client would have sent for these options (the reverse of <see cref="FromMetadata"/>).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToMetadata(UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metadata = new List<KeyValuePair<string, string>>(2);
        if (options.Compression is not null)
        {
            metadata.Add(new(CompressionKey, "ZLIB"));
        }

        if (options.Encryption is not null)
        {
            metadata.Add(new(EncryptionKey, "AES_256_GCM"));
        }

        return metadata;
    }
}
