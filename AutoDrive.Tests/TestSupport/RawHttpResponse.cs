using System.Text;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// What came back on a raw connection: the status (null when the connection closed without an answer), the header
/// block exactly as received, the headers parsed (names lower-cased) and the body (de-chunked).
/// </summary>
public sealed record RawHttpResponse(
    int? Status, byte[] HeaderBytes, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, bool TimedOut = false)
{
    public static RawHttpResponse NoAnswer { get; } = new(null, [], [], []);

    /// <summary>No complete answer before the read timeout: the server hung on the request.</summary>
    public static RawHttpResponse NoAnswerInTime { get; } = new(null, [], [], [], TimedOut: true);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Whether every byte of the header block is printable ASCII, tab or the CRLF that ends a line.</summary>
    public bool HeadersArePrintableAscii()
    {
        for (var i = 0; i < HeaderBytes.Length; i++)
        {
            var b = HeaderBytes[i];
            var lineEnd = (b == '\r' && i + 1 < HeaderBytes.Length && HeaderBytes[i + 1] == '\n') || (b == '\n' && i > 0 && HeaderBytes[i - 1] == '\r');
            if (!lineEnd && b is not (>= 0x20 and <= 0x7E) and not (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }
}
