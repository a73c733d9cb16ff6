using System.Text;

namespace AutoDrive.Api.S3.Listing;

/// <summary>
/// <c>encoding-type=url</c>: the UTF-8 bytes percent-encoded (upper-case hex), except unreserved characters
/// (<c>A–Z a–z 0–9 - . _ ~</c>) and <c>/</c>. So a space is <c>%20</c> and <c>+</c> is <c>%2B</c>, which
/// botocore's <c>unquote_plus</c> and every other client decode back to the key.
/// </summary>
public static class S3UrlEncoding
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.All(IsKeptAscii))
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var encoded = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b < 0x80 && IsKeptAscii((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return encoded.ToString();
    }

    private static bool IsKeptAscii(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/';
}
