using System.Text;
using AutoDrive.Application.Listing;

namespace AutoDrive.Infrastructure.Persistence.Listing;

/// <summary>
/// Bounds on the listing index as plain strings, so that every condition is a keyset range the B-tree seeks to.
/// In byte order (<c>COLLATE "C"</c>, which for UTF-8 is code point order), every key that starts with P lies
/// at or below P + <see cref="MaxSuffix"/> (1024 times U+10FFFF: no key is longer than 1024 bytes), and every
/// other key above P lies above it. So "keys under P" is <c>key &gt;= P AND key &lt;= P + MaxSuffix</c>, and
/// "past every key under P" is <c>key &gt; P + MaxSuffix</c>: one seek, for any prefix and any delimiter (even
/// one ending in U+10FFFF, whose byte successor would not be valid UTF-8).
/// </summary>
internal static class ListingBounds
{
    public const int MaxKeyChars = 1024;

    public static readonly string MaxSuffix = new StringBuilder(MaxKeyChars * 2)
        .Insert(0, char.ConvertFromUtf32(0x10FFFF), MaxKeyChars)
        .ToString();

    /// <summary>The SQL form of <see cref="MaxSuffix"/>, folded to a constant by the planner.</summary>
    public const string MaxSuffixSql = "repeat(chr(1114111), 1024)";

    /// <summary>Keys must be strictly greater than this: empty from the start, else past the start's key or prefix.</summary>
    public static string LowerExclusive(ListingStart? start) => start switch
    {
        null => string.Empty,
        { Kind: ListingBoundKind.PastPrefix } => start.Value + MaxSuffix,
        _ => start.Value,
    };

    /// <summary>Keys under <paramref name="prefix"/> are at most this.</summary>
    public static string UpperInclusive(string prefix) => prefix + MaxSuffix;
}
