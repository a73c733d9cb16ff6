using System.Text;

namespace AutoDrive.Tests.Api.Fuzz;

/// <summary>
/// One malformed request of the fuzz run: what to send, raw, and what its answer commits the server to. A PUT that
/// is accepted must later read back (<see cref="ExpectedContent"/>: the bytes, or null when the fuzzing left them
/// ambiguous, then the stored ETag must be the MD5 of what GET returns).
/// </summary>
internal sealed record FuzzRequest(string Category, string Method, byte[] Target, IReadOnlyList<(byte[] Name, byte[] Value)> Headers, byte[] Body)
{
    /// <summary>Whether a 2xx answer records an object to read back afterwards.</summary>
    public bool IsObjectWrite { get; init; }

    public byte[]? ExpectedContent { get; init; }

    /// <summary>The request as a readable line for a failure message (bytes outside printable ASCII as \xNN).</summary>
    public string Describe()
    {
        var text = new StringBuilder($"[{Category}] {Method} {Escape(Target)}");
        foreach (var (name, value) in Headers)
        {
            text.Append(" | ").Append(Escape(name)).Append(": ").Append(Escape(value));
        }

        if (Body.Length > 0)
        {
            text.Append(" | body ").Append(Escape(Body.Length > 120 ? Body[..120] : Body));
        }

        return text.ToString();
    }

    private static string Escape(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and <= 0x7E ? ((char)b).ToString() : $"\\x{b:X2}"));
}
