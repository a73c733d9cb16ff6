using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.TestSupport;

/// <summary>One record captured by <see cref="CapturingLoggerProvider"/>.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyDictionary<string, object?> Values,
    string? Exception)
{
    /// <summary>Everything the record carries, as text: to look for what must never be logged.</summary>
    public string AllText => string.Join(
        "\n",
        [Message, .. Values.Select(v => v.Key + "=" + Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)), Exception ?? string.Empty]);
}
