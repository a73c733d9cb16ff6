using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// HTTP/1.1 over a plain socket, for bytes HttpClient refuses to send (control characters and raw non-ASCII in
/// headers, invalid percent-encodings, broken framing). One request per connection: <c>Connection: close</c> and
/// <c>Content-Length</c> go first, so whatever the fuzzed headers hold the server answers once and closes; the
/// answer is read to the end. A connection closed before a status line is <see cref="RawHttpResponse.NoAnswer"/>.
/// </summary>
public sealed class RawHttpClient(Uri baseAddress, TimeSpan readTimeout)
{
    public async Task<RawHttpResponse> SendAsync(
        string method, byte[] target, IEnumerable<(byte[] Name, byte[] Value)> headers, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        var request = new MemoryStream();
        Write(request, $"{method} ");
        request.Write(target);
        Write(request, $" HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n");
        foreach (var (name, value) in headers)
        {
            request.Write(name);
            Write(request, ": ");
            request.Write(value);
            Write(request, "\r\n");
        }

        Write(request, "\r\n");
        request.Write(body);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(readTimeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        var received = new MemoryStream();
        try
        {
            await socket.SendAsync(request.ToArray(), SocketFlags.None, timeout.Token);
        }
        catch (SocketException)
        {
            // The server may answer (400) and close before it has read everything sent: read what it said.
        }

        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with unread request bytes): the answer stands.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RawHttpResponse.NoAnswerInTime;
        }

        return Parse(received.ToArray());
    }

    public static RawHttpResponse Parse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var end = IndexOf(raw, "\r\n\r\n"u8);
        if (end < 0 || !raw.AsSpan().StartsWith("HTTP/1.1 "u8) || raw.Length < 12)
        {
            return RawHttpResponse.NoAnswer;
        }

        var headerBytes = raw[..(end + 2)];
        var lines = Encoding.Latin1.GetString(headerBytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => KeyValuePair.Create(p[0].Trim().ToLowerInvariant(), p.Length > 1 ? p[1].Trim() : string.Empty))
            .ToList();
        var body = raw[(end + 4)..];
        if (headers.Any(h => h.Key == "transfer-encoding" && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Dechunk(body);
        }

        return new RawHttpResponse(status, headerBytes, headers, body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        var output = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = IndexOf(body.AsSpan(at), "\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(body, at, Math.Min(size, body.Length - at));
            at += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

    private static void Write(MemoryStream stream, string ascii) => stream.Write(Encoding.ASCII.GetBytes(ascii));
}
