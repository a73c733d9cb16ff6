namespace AutoDrive.Application.Listing;

/// <summary>
/// S3's folding rule: a key under the listing's prefix whose remainder contains the delimiter rolls up into the
/// common prefix that ends with the delimiter's first occurrence after the prefix (prefix <c>ba</c>, delimiter
/// <c>a</c>: key <c>baza</c> gives <c>baza</c>, not <c>ba</c>). The delimiter may be any non-empty string.
/// The listing query applies the same rule in SQL; this is its definition for the service and the tests.
/// </summary>
public static class CommonPrefixRule
{
    /// <summary>The common prefix <paramref name="key"/> rolls up into, or null when it is listed as itself.</summary>
    public static string? Of(string key, string prefix, string delimiter)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrEmpty(delimiter);
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }
}
