using System.Xml;
using AutoDrive.Api.S3.Xml;

namespace AutoDrive.Api.S3.Listing;

/// <summary>What listing answers share: writer settings and the response head.</summary>
internal static class ListingXml
{
    /// <summary>
    /// S3's settings, with line breaks written as character references: a key holding CR (legal in XML) must
    /// reach the client as CR, and a parser normalises a literal CR to LF.
    /// </summary>
    public static XmlWriterSettings Settings { get; } = CreateSettings();

    public static XmlWriter Start(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        return XmlWriter.Create(response.Body, Settings);
    }

    public static async Task WriteOwnerAsync(XmlWriter writer, S3Owner owner)
    {
        await writer.WriteStartElementAsync(null, "Owner", S3Xml.Namespace);
        await writer.WriteElementStringAsync(null, "ID", S3Xml.Namespace, owner.Id);
        await writer.WriteElementStringAsync(null, "DisplayName", S3Xml.Namespace, owner.DisplayName);
        await writer.WriteEndElementAsync();
    }

    private static XmlWriterSettings CreateSettings()
    {
        var settings = S3Xml.WriterSettings.Clone();
        settings.NewLineHandling = NewLineHandling.Entitize;
        return settings;
    }
}
