using System.Text;

namespace AutoDrive.Application.Listing;

/// <summary>
/// Which strings XML 1.0 can carry (tab, CR, LF, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF). A listing
/// without <c>encoding-type=url</c> cannot show a key with other characters.
/// </summary>
public static class XmlCharacters
{
    public static bool AreLegal(string? value)
    {
        if (value is null)
        {
            return true;
        }

        foreach (var c in value)
        {
            // Fast path: most keys are plain text.
            if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c >= 0xD800)
            {
                return AllRunesLegal(value);
            }
        }

        return true;
    }

    private static bool AllRunesLegal(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done || !IsLegal(rune.Value))
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    private static bool IsLegal(int c) =>
        c is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
}
