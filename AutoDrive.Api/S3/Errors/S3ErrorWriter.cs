using System.Xml;
using AutoDrive.Api.S3.Xml;

namespace AutoDrive.Api.S3.Errors;

/// <summary>
/// Writes an S3 <c>&lt;Error&gt;</c> (no namespace); HEAD and 304 answers carry no body. The message and the
/// resource (a path may hold control characters) are made XML-safe (<see cref="S3XmlText"/>), and the document is
/// written in memory before it is sent: never a body cut off halfway.
/// </summary>
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

        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, S3Xml.WriterSettings))
        {
            await S3Xml.WriteDeclarationAsync(writer);
            await writer.WriteStartElementAsync(null, "Error", null);
            await writer.WriteElementStringAsync(null, "Code", null, error.Code);
            await writer.WriteElementStringAsync(null, "Message", null, S3XmlText.Safe(error.Message));
            await writer.WriteElementStringAsync(null, "Resource", null, S3XmlText.Safe(context.Request.Path.Value ?? string.Empty));
            await writer.WriteElementStringAsync(null, "RequestId", null, S3XmlText.Safe(context.TraceIdentifier));
            await writer.WriteEndElementAsync();
            await writer.FlushAsync();
        }

        await S3Xml.SendAsync(context, error.Status, buffer);
    }
}
