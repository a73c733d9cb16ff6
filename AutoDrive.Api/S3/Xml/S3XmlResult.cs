using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Xml;

/// <summary>An S3 XML success body (the root in the S3 namespace), 200 unless said otherwise.</summary>
public sealed class S3XmlResult(XElement root) : IActionResult
{
    public static XNamespace Ns { get; } = S3Xml.Namespace;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        await using var writer = XmlWriter.Create(response.Body, S3Xml.WriterSettings);
        await S3Xml.WriteDeclarationAsync(writer);
        await root.WriteToAsync(writer, context.HttpContext.RequestAborted);
        await writer.FlushAsync();
    }
}
