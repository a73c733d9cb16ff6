using AutoDrive.Application.Content;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>
/// A part of a multipart form as a read-only stream: a form that ends inside the part (no closing boundary) is the
/// client's malformed request (400 MalformedBody), not an I/O failure of the server's.
/// </summary>
internal sealed class FormPartStream(Stream part) : ForwardReadStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await part.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw ChunkForm.Malformed(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
}
