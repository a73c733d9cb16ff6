using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Errors;

/// <summary>
/// Every failure on an S3 route becomes an S3 XML error: client errors with their code, retryable
/// infrastructure failures as 503, anything else as a bare 500 InternalError (logged, never leaked). A client
/// that went away gets nothing. Logs name the request by its id (the request log line has the rest), never by its
/// path: bucket names and object keys stay out of the logs.
/// </summary>
public sealed class S3ErrorMiddleware(RequestDelegate next, ILogger<S3ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug(e, "The client went away during request {RequestId} ({Method}).", context.TraceIdentifier, context.Request.Method);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = S3ErrorCatalog.Find(e);
            if (error is null)
            {
                logger.LogError(e, "Internal error on request {RequestId} ({Method}).", context.TraceIdentifier, context.Request.Method);
            }
            else if (e is not DomainException)
            {
                logger.LogWarning(e, "{Code} on request {RequestId} ({Method}).", error.Code, context.TraceIdentifier, context.Request.Method);
            }

            context.Response.Clear();
            S3RequestIdMiddleware.Stamp(context);
            if (MayLeaveBodyUnsent(context.Request))
            {
                // Refused before "100 Continue": the client will not send the body, and Kestrel would take the next
                // request on this connection for it. Close the connection instead.
                context.Response.Headers.Connection = "close";
            }

            await S3ErrorWriter.WriteAsync(context, error ?? S3ErrorCatalog.Internal);
        }
    }

    private static bool MayLeaveBodyUnsent(HttpRequest request) =>
        request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)
        && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);
}
