using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace LoadGen;

/// <summary>
/// A request body of <c>length</c> pseudo-random bytes made up as it is sent, one pooled 1 MiB buffer at a time, so an
/// object of any size (the 5 GiB memory probe) is streamed without a file behind it and never held in memory. Its MD5
/// is computed on the way (when asked for) so the server's ETag can still be checked. Random bytes: incompressible and
/// without repeated blocks a content-addressed store could share.
/// </summary>
internal sealed class GeneratedContent(long length, bool hash) : HttpContent
{
    private string? _md5;

    /// <summary>The MD5 of what was sent (hex), once the body has been sent whole; null if not hashed.</summary>
    public string? Md5 => _md5;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var md5 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long done = 0; done < length;)
            {
                var chunk = buffer.AsMemory(0, (int)Math.Min(1 << 20, length - done));
                Random.Shared.NextBytes(chunk.Span);
                md5?.AppendData(chunk.Span);
                await stream.WriteAsync(chunk, cancellationToken);
                done += chunk.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _md5 = md5 is null ? null : Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
