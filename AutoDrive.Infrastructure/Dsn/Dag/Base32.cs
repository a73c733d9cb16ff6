namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>RFC 4648 base32 in lower case without padding: the alphabet of multibase <c>b</c>.</summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static int GetEncodedLength(int byteCount) => ((byteCount * 8) + 4) / 5;

    public static void Encode(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        var buffer = 0;
        var bits = 0;
        var position = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                destination[position++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            destination[position] = Alphabet[(buffer << (5 - bits)) & 31];
        }
    }

    /// <summary>
    /// Decodes exactly <c>destination.Length</c> bytes from <paramref name="text"/>; false when the text has another
    /// length, a character outside the alphabet, or non-zero trailing bits (a non-canonical encoding).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.Length != GetEncodedLength(destination.Length))
        {
            return false;
        }

        var buffer = 0;
        var bits = 0;
        var position = 0;
        foreach (var c in text)
        {
            int value;
            if (c is >= 'a' and <= 'z')
            {
                value = c - 'a';
            }
            else if (c is >= '2' and <= '7')
            {
                value = c - '2' + 26;
            }
            else
            {
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                destination[position++] = (byte)(buffer >> bits);
            }
        }

        return (buffer & ((1 << bits) - 1)) == 0;
    }
}
