using System.Globalization;
using AutoDrive.Application.Objects;

namespace AutoDrive.Api.S3.Protocol;

/// <summary>
/// Reads a <c>Range</c> header as S3 does: one <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. Anything
/// else (another unit, several ranges, a syntax error, last before first) is ignored: the whole object is sent.
/// </summary>
public static class RangeHeaderParser
{
    public static RangeRequest? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        const string unit = "bytes=";
        if (!value.StartsWith(unit, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = value[unit.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            return TryParse(last, out var suffix) ? new RangeRequest(null, suffix) : null;
        }

        if (!TryParse(first, out var start))
        {
            return null;
        }

        if (last.Length == 0)
        {
            return new RangeRequest(start, null);
        }

        return TryParse(last, out var end) && end >= start ? new RangeRequest(start, end) : null;
    }

    private static bool TryParse(string digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
