using System.Globalization;
using System.Xml;
using AutoDrive.Api.S3.Protocol;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Multipart;

namespace AutoDrive.Api.S3.Multipart;

/// <summary>
/// Reads a CompleteMultipartUpload body, leniently as clients write it: with or without the S3 namespace, ETags
/// quoted or not (the domain strips <c>&amp;quot;</c> and quotes), extra <c>Checksum*</c> elements. A body that is
/// empty, not XML, lists no part or is larger than <see cref="MaxBodyLength"/> is MalformedXML. Streams the body
/// (no DTDs, no entities).
/// </summary>
internal static class CompleteMultipartUploadReader
{
    /// <summary>10,000 parts with checksums fit well within this (<see cref="S3BodyLimits.CompleteXml"/>).</summary>
    public const long MaxBodyLength = S3BodyLimits.CompleteXml;

    public static async Task<IReadOnlyList<CompletedPart>> ReadAsync(Stream body, long? declaredLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > MaxBodyLength)
        {
            throw Malformed("the body is too large");
        }

        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = MaxBodyLength,
        };
        var parts = new List<CompletedPart>();
        try
        {
            using var reader = XmlReader.Create(body, settings);
            if (!await reader.ReadAsync() || await reader.MoveToContentAsync() != XmlNodeType.Element || reader.LocalName != "CompleteMultipartUpload")
            {
                throw Malformed("the root element must be CompleteMultipartUpload");
            }

            while (await reader.ReadAsync())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Part")
                {
                    parts.Add(await ReadPartAsync(reader));
                }
            }
        }
        catch (XmlException e)
        {
            throw new DomainException(ErrorKind.MalformedBody, "The XML you provided was not well-formed or did not validate against our published schema.", e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return parts.Count > 0 ? parts : throw Malformed("it lists no parts");
    }

    /// <summary>Reads one Part; the reader ends on its end element.</summary>
    private static async Task<CompletedPart> ReadPartAsync(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            throw Malformed("every Part needs a PartNumber and an ETag");
        }

        int? number = null;
        string? etag = null;
        string? checksum = null;
        var depth = reader.Depth;
        await reader.ReadAsync();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                await reader.ReadAsync();
                continue;
            }

            // Reading an element's content moves past it: no extra Read here.
            switch (reader.LocalName)
            {
                case "PartNumber":
                    number = int.TryParse(await reader.ReadElementContentAsStringAsync(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : throw Malformed("a PartNumber is not a number");
                    break;
                case "ETag":
                    etag = await reader.ReadElementContentAsStringAsync();
                    break;
                case var name when name.StartsWith("Checksum", StringComparison.Ordinal):
                    checksum = await reader.ReadElementContentAsStringAsync();
                    break;
                default:
                    await reader.SkipAsync();
                    break;
            }
        }

        return number is { } partNumber && etag is not null
            ? new CompletedPart(partNumber, etag, checksum)
            : throw Malformed("every Part needs a PartNumber and an ETag");
    }

    private static DomainException Malformed(string why) =>
        new(ErrorKind.MalformedBody, $"The XML you provided was not well-formed or did not validate against our published schema: {why}.");
}
