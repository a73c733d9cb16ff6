using System.Buffers;
using System.Net;

namespace LoadGen;

/// <summary>
/// A request body that streams one slice of a file (a multipart part, or the whole large object) through a bounded
/// pooled buffer, so the generator never holds an object in memory.
/// </summary>
internal sealed class FileSliceContent(string path, long offset, long length) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long done = 0; done < length;)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - done)), offset + done, cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException(path);
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
