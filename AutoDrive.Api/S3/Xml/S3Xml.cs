using System.Globalization;
using System.Text;
using System.Xml;

namespace AutoDrive.Api.S3.Xml;

/// <summary>Conventions of S3's XML: the namespace of success roots, UTF-8 without BOM, ISO-8601 times.</summary>
public static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    public const string ContentType = "application/xml";

    public static XmlWriterSettings WriterSettings { get; } = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,

        // The declaration is written by WriteDeclarationAsync, spelled as S3 spells it (XmlWriter writes "utf-8").
        OmitXmlDeclaration = true,
    };

    public const string Declaration = """<?xml version="1.0" encoding="UTF-8"?>""";

    /// <summary>Writes S3's XML declaration; call it first.</summary>
    public static Task WriteDeclarationAsync(XmlWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteRawAsync(Declaration);
    }

    /// <summary>
    /// Sends an XML document written in memory: status, Content-Type, Content-Length, then the bytes. Writing first
    /// and sending after means nothing reaches the client until the whole document exists.
    /// </summary>
    public static async Task SendAsync(HttpContext context, int status, MemoryStream document)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(document);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = document.Length;
        await response.Body.WriteAsync(document.GetBuffer().AsMemory(0, (int)document.Length), context.RequestAborted);
    }

    /// <summary>ISO-8601 with milliseconds and Z, as S3 writes times in XML.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
