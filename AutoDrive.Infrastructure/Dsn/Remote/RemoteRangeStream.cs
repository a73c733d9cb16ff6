using AutoDrive.Application.Content;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// Exactly <c>length</c> bytes of a remote download, read as they arrive. The remote's body ending early, or sending
/// nothing for <see cref="AutoDriveApiOptions.ReadIdleTimeout"/>, is an <see cref="IOException"/>: a response already
/// begun is then aborted, so a client never takes a short body for the whole. Disposing it disposes the response.
/// </summary>
internal sealed class RemoteRangeStream : ForwardReadStream
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly TimeSpan _idleTimeout;
    private long _remaining;
    private long _skip;

    private RemoteRangeStream(HttpResponseMessage response, Stream body, long skip, long length, TimeSpan idleTimeout)
    {
        _response = response;
        _body = body;
        _skip = skip;
        _remaining = length;
        _idleTimeout = idleTimeout;
    }

    /// <summary>
    /// The stream over a download response: a 206 must start at <paramref name="offset"/>; a 200 (a remote that ignored
    /// the range) is read from its start, its first <paramref name="offset"/> bytes skipped.
    /// </summary>
    public static async Task<RemoteRangeStream> OpenAsync(
        HttpResponseMessage response, long offset, long length, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        long skip;
        if (response.StatusCode == System.Net.HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != offset)
            {
                throw new IOException($"The storage network answered the range from byte {range?.From} when byte {offset} was asked.");
            }

            skip = 0;
        }
        else
        {
            skip = offset;
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new RemoteRangeStream(response, body, skip, length, idleTimeout);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        while (_skip > 0)
        {
            var skipped = await ReadSomeAsync(buffer[..(int)Math.Min(buffer.Length, _skip)], cancellationToken);
            _skip -= skipped;
        }

        var read = await ReadSomeAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>At least one byte, or an <see cref="IOException"/>: the body ended early, broke, or stalled.</summary>
    private async ValueTask<int> ReadSomeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_idleTimeout);
        int read;
        try
        {
            read = await _body.ReadAsync(buffer, idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"The storage network sent nothing for {_idleTimeout.TotalSeconds:0} s in the middle of the content.");
        }
        catch (HttpRequestException exception)
        {
            throw new IOException("The storage network broke off the content.", exception);
        }

        return read > 0
            ? read
            : throw new IOException($"The storage network ended the content {_remaining + _skip} bytes early.");
    }
}
