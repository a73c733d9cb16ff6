using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutoDrive.Tests.Api.S3.Protocol;

/// <summary>
/// aws-chunked bodies framed byte for byte as real clients frame them (read from their sources: botocore's
/// AwsChunkedWrapper, AWSSDK.Core's ChunkedUploadWrapperStream, smithy-js getAwsChunkedEncodingStream).
/// Signatures are well-formed 64-hex strings; the decoder does not verify them.
/// </summary>
internal static class AwsChunkedBodies
{
    /// <summary>botocore / boto3 / AWS CLI, STREAMING-UNSIGNED-PAYLOAD-TRAILER: 1 MiB chunks, Python's lower-case
    /// <c>hex()</c>, then <c>0\r\n{name}:{value}\r\n\r\n</c>.</summary>
    public static byte[] Botocore(byte[] payload, string trailerName, string trailerValue)
    {
        var body = new MemoryStream();
        foreach (var chunk in payload.Chunk(1024 * 1024))
        {
            Write(body, chunk.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        Write(body, $"0\r\n{trailerName}:{trailerValue}\r\n\r\n");
        return body.ToArray();
    }

    /// <summary>AWSSDK.S3 v4, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: 81,920-byte chunks, upper-case hex
    /// (<c>ToString("X")</c>), a chunk signature on every chunk; with trailers the last chunk has no CRLF of its
    /// own, then the sorted trailers, <c>x-amz-trailer-signature</c> and an empty line.</summary>
    public static byte[] DotNetSdkSigned(byte[] payload, IReadOnlyDictionary<string, string> trailers)
    {
        var body = new MemoryStream();
        var index = 0;
        foreach (var chunk in payload.Chunk(81920))
        {
            Write(body, $"{chunk.Length.ToString("X", CultureInfo.InvariantCulture)};chunk-signature={Signature(index++)}\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        Write(body, $"0;chunk-signature={Signature(index++)}\r\n");
        if (trailers.Count == 0)
        {
            Write(body, "\r\n");
            return body.ToArray();
        }

        foreach (var (name, value) in trailers.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Write(body, $"{name}:{value}\r\n");
        }

        Write(body, $"x-amz-trailer-signature:{Signature(index)}\r\n\r\n");
        return body.ToArray();
    }

    /// <summary>Signed without trailers (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, older SDKs and rclone-era clients):
    /// lower-case hex, <c>0;chunk-signature=...\r\n\r\n</c> at the end.</summary>
    public static byte[] SignedWithoutTrailer(byte[] payload, int chunkSize)
    {
        var body = new MemoryStream();
        var index = 0;
        foreach (var chunk in payload.Chunk(chunkSize))
        {
            Write(body, $"{chunk.Length.ToString("x", CultureInfo.InvariantCulture)};chunk-signature={Signature(index++)}\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        Write(body, $"0;chunk-signature={Signature(index)}\r\n\r\n");
        return body.ToArray();
    }

    /// <summary>JS SDK v3 (smithy getAwsChunkedEncodingStream), unsigned: one chunk per stream data event,
    /// <c>length.toString(16)</c>, then <c>0\r\n</c> and, only with a checksum, <c>{name}:{value}\r\n\r\n</c>.
    /// Without a checksum the body ends right after <c>0\r\n</c>.</summary>
    public static byte[] JsSdk(byte[] payload, int dataEventSize, string? trailerName, string? trailerValue)
    {
        var body = new MemoryStream();
        foreach (var chunk in payload.Chunk(dataEventSize))
        {
            Write(body, chunk.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        Write(body, "0\r\n");
        if (trailerName is not null)
        {
            Write(body, $"{trailerName}:{trailerValue}\r\n\r\n");
        }

        return body.ToArray();
    }

    /// <summary>Deterministic bytes that are not a repeating pattern.</summary>
    public static byte[] Payload(int length, int seed = 1)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static string Signature(int index) =>
        Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(index)));

    private static void Write(MemoryStream body, string text) => body.Write(Encoding.ASCII.GetBytes(text));
}
