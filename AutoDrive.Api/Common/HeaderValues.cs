using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.Common;

/// <summary>
/// The one rule for header values AutoDrive writes and stores (docs/s3-wire.md, header values). Kestrel refuses to
/// send a value with a control character or a non-ASCII character (and would answer 500), so every value that
/// leaves the server goes through <see cref="Encode"/>: printable ASCII as it is, anything else as one RFC 2047
/// encoded word <c>=?UTF-8?B?…?=</c> (what S3 does for non-ASCII metadata), which is printable ASCII whatever the
/// stored value holds, including values stored before this rule. On the way in, <see cref="Refuse"/> turns away
/// values that cannot be a header at all (control characters: CR, LF, NUL, DEL, C1), before anything is stored.
/// </summary>
public static class HeaderValues
{
    private const string EncodedWordStart = "=?UTF-8?B?";
    private const string EncodedWordEnd = "?=";

    /// <summary>Whether a value can be sent as it is: printable ASCII (space to '~') only.</summary>
    public static bool IsPrintableAscii(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a value holds a control character (C0 but tab, DEL, C1): such a value cannot be a header.</summary>
    public static bool HasControlCharacter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (char.IsControl(c) && c != '\t')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The value as a valid header value: itself when it is printable ASCII, else its UTF-8 bytes (an unpaired
    /// surrogate becomes U+FFFD) as an RFC 2047 B-encoded word. One word, not folded: HTTP has no 75-character limit.
    /// </summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsPrintableAscii(value)
            ? value
            : EncodedWordStart + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + EncodedWordEnd;
    }

    /// <summary>Sets a header through <see cref="Encode"/>; an empty or null value sets nothing.</summary>
    public static void Set(IHeaderDictionary headers, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!string.IsNullOrEmpty(value))
        {
            headers[name] = Encode(value);
        }
    }

    /// <summary>
    /// Whether a name can be a header name (an RFC 9110 token). Metadata names arrive as header names, so a stored
    /// name always is one; the check keeps a name that is not (written by hand into the database) from failing the
    /// whole answer.
    /// </summary>
    public static bool IsToken(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Refuses (400 InvalidArgument, before anything is stored) a value given to be stored or echoed that cannot be
    /// a header value.
    /// </summary>
    public static string? Refuse(string? value, string what)
    {
        if (value is not null && HasControlCharacter(value))
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                $"{what} must not contain control characters (CR, LF, NUL, DEL and the like cannot be a header value).");
        }

        return value;
    }
}
