using System.Net;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A request body sent in two pieces: the first <c>sentFirst</c> bytes at once, the rest only when <see cref="Release"/>
/// is called (a slow client, or one cut off halfway). Content-Length is the whole body's, so the server waits for the
/// rest. <see cref="Abandon"/> ends the body early instead (the request then fails on the client's side).
/// </summary>
public sealed class GatedContent(byte[] body, int sentFirst) : HttpContent
{
    private readonly TaskCompletionSource<bool> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends the rest of the body.</summary>
    public void Release() => _gate.TrySetResult(true);

    /// <summary>Never sends the rest: the body ends with an error.</summary>
    public void Abandon() => _gate.TrySetResult(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, sentFirst));
        await stream.FlushAsync();
        if (!await _gate.Task)
        {
            throw new IOException("The test abandoned this body halfway.");
        }

        await stream.WriteAsync(body.AsMemory(sentFirst));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
