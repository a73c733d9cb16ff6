using System.Xml;
using AutoDrive.Api.S3.Xml;

namespace AutoDrive.Api.S3.Listing;

/// <summary>
/// What listing answers share: writer settings and the response head. A listing is written in memory and sent
/// whole (<see cref="SendAsync"/>): a page is bounded (1000 entries of at most 1 KiB keys, three times that
/// percent-encoded), and a failure while writing becomes an error answer instead of a body cut off halfway.
/// </summary>
internal static class ListingXml
{
    /// <summary>
    /// S3's settings, with line breaks written as character references: a key holding CR (legal in XML) must
    /// reach the client as CR, and a parser normalises a literal CR to LF.
    /// </summary>
    public static XmlWriterSettings Settings { get; } = CreateSettings();

    /// <summary>A writer into the listing's buffer (kept with the request until <see cref="SendAsync"/>).</summary>
    public static XmlWriter Start(HttpContext context)
    {
        var buffer = new MemoryStream();
        context.Response.RegisterForDispose(buffer);
        context.Items[typeof(ListingXml)] = buffer;
        return XmlWriter.Create(buffer, Settings);
    }

    /// <summary>Flushes the writer and sends the buffered listing, 200.</summary>
    public static async Task SendAsync(HttpContext context, XmlWriter writer)
    {
        await writer.FlushAsync();
        var buffer = (MemoryStream)context.Items[typeof(ListingXml)]!;
        await S3Xml.SendAsync(context, StatusCodes.Status200OK, buffer);
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
