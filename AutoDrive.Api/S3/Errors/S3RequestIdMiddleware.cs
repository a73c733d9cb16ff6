using AutoDrive.Api.Telemetry;

namespace AutoDrive.Api.S3.Errors;

/// <summary>Every S3 response carries <c>x-amz-request-id</c> and <c>x-amz-id-2</c>; an error body repeats the id.</summary>
public sealed class S3RequestIdMiddleware(RequestDelegate next)
{
    public const string RequestIdHeader = "x-amz-request-id";
    public const string HostIdHeader = "x-amz-id-2";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.TraceIdentifier = RequestId.New();
        Stamp(context);
        return next(context);
    }

    /// <summary>(Re)writes the id headers, e.g. after an error cleared the response.</summary>
    public static void Stamp(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
        context.Response.Headers[HostIdHeader] = Convert.ToBase64String(
            System.Text.Encoding.ASCII.GetBytes(context.TraceIdentifier + "/autodrive"));
    }
}
