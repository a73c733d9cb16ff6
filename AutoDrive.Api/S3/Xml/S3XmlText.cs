using System.Text;
using System.Xml.Linq;
using AutoDrive.Application.Listing;

namespace AutoDrive.Api.S3.Xml;

/// <summary>
/// Text for XML answers that have no <c>encoding-type</c> (InitiateMultipartUploadResult,
/// CompleteMultipartUploadResult, CopyObjectResult, errors): a character XML 1.0 cannot carry (a control character
/// other than tab, LF and CR; U+FFFE, U+FFFF; an unpaired surrogate) is written as U+FFFD, the replacement
/// character (docs/s3-wire.md, keys XML cannot carry). The client named the key itself, so nothing is lost that it
/// needs; listings instead answer 400 unless asked for <c>encoding-type=url</c>.
/// </summary>
public static class S3XmlText
{
    public const char Replacement = '\uFFFD';

    public static string Safe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (XmlCharacters.AreLegal(value))
        {
            return value;
        }

        var safe = new StringBuilder(value.Length);
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) == System.Buffers.OperationStatus.Done
                && XmlCharacters.AreLegal(rune.ToString()))
            {
                safe.Append(rest[..used]);
            }
            else
            {
                safe.Append(Replacement);
            }

            rest = rest[used..];
        }

        return safe.ToString();
    }

    /// <summary>Makes every text and attribute value of a document safe (in place); returns it.</summary>
    public static XElement MakeSafe(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var text in root.DescendantNodes().OfType<XText>())
        {
            if (!XmlCharacters.AreLegal(text.Value))
            {
                text.Value = Safe(text.Value);
            }
        }

        foreach (var attribute in root.DescendantsAndSelf().Attributes())
        {
            if (!XmlCharacters.AreLegal(attribute.Value))
            {
                attribute.Value = Safe(attribute.Value);
            }
        }

        return root;
    }
}
