using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Xml;

/// <summary>
/// An S3 XML success body (the root in the S3 namespace), 200 unless said otherwise. Text XML cannot carry is made
/// safe (<see cref="S3XmlText"/>), and the document is written in memory before the response starts (these bodies
/// are small: bounded by a page size), so a failure is an error answer, never a body cut off halfway.
/// </summary>
public sealed class S3XmlResult(XElement root) : IActionResult
{
    public static XNamespace Ns { get; } = S3Xml.Namespace;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, S3Xml.WriterSettings))
        {
            await S3Xml.WriteDeclarationAsync(writer);
            await S3XmlText.MakeSafe(root).WriteToAsync(writer, context.HttpContext.RequestAborted);
            await writer.FlushAsync();
        }

        await S3Xml.SendAsync(context.HttpContext, StatusCodes.Status200OK, buffer);
    }
}
