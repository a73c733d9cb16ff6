using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace AutoDrive.Application.Listing;

/// <summary>
/// Continuation tokens: opaque to clients, base64url of a small versioned structure — a version byte, the
/// bound kind, then the UTF-8 bytes of the position (the last key or common prefix of the previous page). Being
/// a position, not an offset, a token stays valid whatever is written meanwhile and costs one index seek.
/// </summary>
public static class ListingToken
{
    private const byte Version1 = 1;

    /// <summary>Positions are keys or prefixes of keys: at most 1024 bytes (bucket names are shorter).</summary>
    private const int MaxPositionBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(ListingStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var value = StrictUtf8.GetBytes(start.Value);
        var bytes = new byte[value.Length + 2];
        bytes[0] = Version1;
        bytes[1] = (byte)start.Kind;
        value.CopyTo(bytes, 2);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? token, [NotNullWhen(true)] out ListingStart? start)
    {
        start = null;
        if (string.IsNullOrEmpty(token) || token.Length > 4 * (MaxPositionBytes + 2) || !Base64Url.IsValid(token))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length < 3 || bytes.Length > MaxPositionBytes + 2 || bytes[0] != Version1
            || !Enum.IsDefined((ListingBoundKind)bytes[1]))
        {
            return false;
        }

        string value;
        try
        {
            value = StrictUtf8.GetString(bytes, 2, bytes.Length - 2);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        start = new ListingStart(value, (ListingBoundKind)bytes[1]);
        return true;
    }
}
