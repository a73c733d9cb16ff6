using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// Encodes <c>FileUploadOptions</c> (OnchainMetadata.proto). proto3 enums at their zero value (ZLIB,
/// AES_256_GCM) are omitted; the optional int32 fields are written whenever present, negative values on 10 bytes.
/// </summary>
internal static class UploadOptionsEncoder
{
    public static byte[] Encode(UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var compressionLength = options.Compression is { } c ? CompressionLength(c) : 0;
        var encryptionLength = options.Encryption is { } e ? EncryptionLength(e) : 0;
        var length = (options.Compression is null ? 0 : Protobuf.LengthDelimitedFieldLength(compressionLength))
            + (options.Encryption is null ? 0 : Protobuf.LengthDelimitedFieldLength(encryptionLength));
        var bytes = new byte[length];
        var writer = new ProtobufWriter(bytes);
        if (options.Compression is { } compression)
        {
            writer.WriteLengthDelimitedHeader(1, compressionLength);
            WriteOptionalVarint(ref writer, 1, (int)compression.Algorithm == 0 ? null : (int)compression.Algorithm);
            WriteOptionalVarint(ref writer, 2, compression.Level);
            WriteOptionalVarint(ref writer, 3, compression.ChunkSize);
        }

        if (options.Encryption is { } encryption)
        {
            writer.WriteLengthDelimitedHeader(2, encryptionLength);
            WriteOptionalVarint(ref writer, 1, (int)encryption.Algorithm == 0 ? null : (int)encryption.Algorithm);
            WriteOptionalVarint(ref writer, 2, encryption.ChunkSize);
        }

        return bytes;
    }

    private static int CompressionLength(CompressionOptions options) =>
        OptionalVarintLength((int)options.Algorithm == 0 ? null : (int)options.Algorithm)
        + OptionalVarintLength(options.Level)
        + OptionalVarintLength(options.ChunkSize);

    private static int EncryptionLength(EncryptionOptions options) =>
        OptionalVarintLength((int)options.Algorithm == 0 ? null : (int)options.Algorithm)
        + OptionalVarintLength(options.ChunkSize);

    private static int OptionalVarintLength(int? value) =>
        value is { } v ? Protobuf.VarintFieldLength(Protobuf.ToVarint(v)) : 0;

    private static void WriteOptionalVarint(ref ProtobufWriter writer, int field, int? value)
    {
        if (value is { } v)
        {
            writer.WriteVarintField(field, Protobuf.ToVarint(v));
        }
    }
}
