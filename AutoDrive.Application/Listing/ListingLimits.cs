using System.Globalization;

namespace AutoDrive.Application.Listing;

/// <summary>Page sizes of listings: S3's default and cap of 1000 keys per page.</summary>
public static class ListingLimits
{
    public const int DefaultMaxKeys = 1000;
    public const int MaxKeysCap = 1000;
    public const int MaxBucketsCap = 10000;

    /// <summary>
    /// Reads a count parameter (<c>max-keys</c>, <c>max-buckets</c>): digits only (a sign, spaces or an empty value
    /// are not a non-negative integer); values beyond <see cref="int.MaxValue"/> are read as <see cref="int.MaxValue"/>,
    /// which every caller clamps.
    /// </summary>
    public static bool TryParseCount(string? value, out int count)
    {
        count = 0;
        if (string.IsNullOrEmpty(value) || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        count = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : int.MaxValue;
        return true;
    }

    /// <summary>The effective max-keys: 1000 when absent, at most 1000.</summary>
    public static int EffectiveMaxKeys(string? value) =>
        value is null ? DefaultMaxKeys : TryParseCount(value, out var count) ? Math.Min(count, MaxKeysCap) : DefaultMaxKeys;
}
