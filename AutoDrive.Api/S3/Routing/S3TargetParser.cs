using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Routing;

/// <summary>
/// Reads the bucket and key from the raw request target, not from routing values: keys must stay
/// byte-exact (<c>a//b</c>, a trailing '/', <c>%2F</c>, '+', spaces, unicode).
/// </summary>
public static class S3TargetParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="rawTarget">The request target as sent (path and query), e.g. <c>/s3/b/k%20x?x-id=GetObject</c>.</param>
    /// <param name="prefix">The path the S3 API is served under, e.g. <c>/s3</c>.</param>
    public static S3Target Parse(string rawTarget, string prefix)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        ArgumentNullException.ThrowIfNull(prefix);
        var path = rawTarget.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        // Absolute-form (http://host/path): keep the path.
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path[(scheme + 3)..].IndexOf('/');
            path = slash < 0 ? "/" : path[(scheme + 3 + slash)..];
        }

        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException(ErrorKind.InvalidRequest, "The request is not addressed to the S3 API.");
        }

        var rest = path[prefix.Length..];
        if (rest.IsEmpty || rest is "/")
        {
            return new S3Target(null, null);
        }

        if (rest[0] != '/')
        {
            throw new DomainException(ErrorKind.InvalidRequest, "The request is not addressed to the S3 API.");
        }

        rest = rest[1..];
        var separator = rest.IndexOf('/');
        return separator < 0
            ? new S3Target(Decode(rest), null)
            : new S3Target(Decode(rest[..separator]), Decode(rest[(separator + 1)..]));
    }

    /// <summary>Percent-decodes (every <c>%XX</c>, '+' stays '+') and requires valid UTF-8.</summary>
    public static string Decode(ReadOnlySpan<char> encoded)
    {
        if (encoded.IndexOf('%') < 0)
        {
            return encoded.ToString();
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(encoded.Length)];
        var count = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    throw new DomainException(ErrorKind.InvalidArgument, "The request path has an invalid percent-encoding.");
                }

                bytes[count++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[count++] = (byte)c;
            }
            else
            {
                count += Encoding.UTF8.GetBytes(encoded.Slice(i, 1), bytes.AsSpan(count));
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, count);
        }
        catch (DecoderFallbackException e)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "The request path is not valid UTF-8.", e);
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
