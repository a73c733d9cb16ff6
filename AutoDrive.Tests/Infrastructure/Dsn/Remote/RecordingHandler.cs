using System.Collections.Concurrent;
using System.Net;

namespace AutoDrive.Tests.Infrastructure.Dsn.Remote;

/// <summary>
/// A primary handler for the network adapter's HttpClient that records every exchange as it goes over the wire
/// (below the resilience pipeline: one record per attempt) and counts the response body bytes actually received, so a
/// test can tell what a real remote was asked for and sent.
/// </summary>
internal sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<RecordedExchange> _exchanges = new();

    public IReadOnlyList<RecordedExchange> Exchanges => [.. _exchanges];

    public void Clear() => _exchanges.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = new RecordedExchange(request.Method, request.RequestUri!, request.Headers.Range?.ToString());
        _exchanges.Enqueue(exchange);
        var response = await base.SendAsync(request, cancellationToken);
        exchange.StatusCode = response.StatusCode;
        exchange.ContentLength = response.Content.Headers.ContentLength;
        exchange.ContentRange = response.Content.Headers.ContentRange?.ToString();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var counted = new StreamContent(new CountingStream(body, exchange));
        foreach (var header in response.Content.Headers)
        {
            counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = counted;
        return response;
    }

    /// <summary>One request and what came back for it.</summary>
    internal sealed class RecordedExchange(HttpMethod method, Uri uri, string? range)
    {
        private long _bytesReceived;

        public HttpMethod Method { get; } = method;

        public Uri Uri { get; } = uri;

        /// <summary>The <c>Range</c> header sent, or null.</summary>
        public string? Range { get; } = range;

        public HttpStatusCode? StatusCode { get; set; }

        public long? ContentLength { get; set; }

        public string? ContentRange { get; set; }

        /// <summary>Response body bytes read off the connection so far.</summary>
        public long BytesReceived => Interlocked.Read(ref _bytesReceived);

        public void AddReceived(int count) => Interlocked.Add(ref _bytesReceived, count);

        public override string ToString() =>
            $"{Method} {Uri.PathAndQuery}{(Range is null ? string.Empty : " Range: " + Range)} -> {(int?)StatusCode} "
            + $"Content-Length: {ContentLength} Content-Range: {ContentRange} received {BytesReceived}";
    }

    private sealed class CountingStream(Stream inner, RecordedExchange exchange) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int count)
        {
            exchange.AddReceived(count);
            return count;
        }
    }
}
