namespace AutoDrive.Domain.Content;

/// <summary>
/// Transforms the client has already applied to the bytes (the server never applies them). They are part
/// of the CID: the same bytes with other options have another CID.
/// </summary>
public sealed record UploadOptions(CompressionOptions? Compression, EncryptionOptions? Encryption)
{
    public static readonly UploadOptions None = new(null, null);

    public bool IsEmpty => Compression is null && Encryption is null;
}

/// <summary>Compression the client applied; ZLIB is the only algorithm Auto Drive knows.</summary>
public sealed record CompressionOptions(CompressionAlgorithm Algorithm, int? Level = null, int? ChunkSize = null);

/// <summary>Encryption the client applied; AES-256-GCM is the only algorithm Auto Drive knows.</summary>
public sealed record EncryptionOptions(EncryptionAlgorithm Algorithm, int? ChunkSize = null);

public enum CompressionAlgorithm
{
    Zlib = 0,
}

public enum EncryptionAlgorithm
{
    Aes256Gcm = 0,
}
