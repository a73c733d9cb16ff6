using System.Xml;
using AutoDrive.Api.S3.Xml;

namespace AutoDrive.Api.S3.Errors;

/// <summary>Writes an S3 <c>&lt;Error&gt;</c> (no namespace); HEAD and 304 answers carry no body.</summary>
public static class S3ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, S3Error error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.Status;
        if (HttpMethods.IsHead(context.Request.Method) || error.Status == StatusCodes.Status304NotModified)
        {
            return;
        }

        response.ContentType = S3Xml.ContentType;
        await using var writer = XmlWriter.Create(response.Body, S3Xml.WriterSettings);
        await S3Xml.WriteDeclarationAsync(writer);
        await writer.WriteStartElementAsync(null, "Error", null);
        await writer.WriteElementStringAsync(null, "Code", null, error.Code);
        await writer.WriteElementStringAsync(null, "Message", null, XmlSafe(error.Message));
        await writer.WriteElementStringAsync(null, "Resource", null, XmlSafe(context.Request.Path.Value ?? string.Empty));
        await writer.WriteElementStringAsync(null, "RequestId", null, context.TraceIdentifier);
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (a path may hold control characters).</summary>
    private static string XmlSafe(string value) =>
        value.All(XmlConvert.IsXmlChar) ? value : new string(value.Where(XmlConvert.IsXmlChar).ToArray());
}
