using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using AutoDrive.Api.S3.Errors;
using AutoDrive.Api.S3.Routing;
using Microsoft.AspNetCore.Http.Features;

namespace AutoDrive.Api.Telemetry;

/// <summary>
/// The outermost step of the pipeline: for every request, one line in the request log and one sample in
/// <see cref="RequestMetrics"/>, written when the response is over (or the request failed past every handler: then
/// the server answers 500, and so says the line). The line names the request by the id its response carried
/// (<c>x-amz-request-id</c> on S3 routes, set by <see cref="S3RequestIdMiddleware"/>; <see cref="RequestId.Header"/>
/// elsewhere, set here), and gives the API, the operation, the user's id, the status, the body bytes read and written,
/// and the duration. It never carries a credential, a bucket name, a key or a path: only what the server decided
/// about the request. Health probes and metric scrapes are logged at Debug, so a poller does not drown the log.
/// </summary>
public sealed partial class RequestTelemetryMiddleware(RequestDelegate next, RequestMetrics metrics, ILogger<RequestTelemetryMiddleware> logger)
{
    private const string NativePrefix = "/api";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var api = S3Routes.IsS3(context) ? "s3"
            : context.Request.Path.StartsWithSegments(NativePrefix, StringComparison.OrdinalIgnoreCase) ? "native"
            : "other";
        if (api != "s3")
        {
            // Set as the headers go out, so a handler that clears the response (the exception handler) keeps it.
            context.TraceIdentifier = RequestId.New();
            context.Response.OnStarting(
                static state =>
                {
                    var http = (HttpContext)state;
                    http.Response.Headers[RequestId.Header] = http.TraceIdentifier;
                    return Task.CompletedTask;
                },
                context);
        }

        var requestBody = new CountingRequestStream(context.Request.Body);
        context.Request.Body = requestBody;
        var responseBody = new CountingResponseBodyFeature(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        context.Features.Set<IHttpResponseBodyFeature>(responseBody);

        var handled = false;
        try
        {
            await next(context);
            handled = true;
        }
        finally
        {
            // An exception past every handler: Kestrel answers 500 (or drops a response already started).
            var status = handled ? context.Response.StatusCode : StatusCodes.Status500InternalServerError;
            var operation = OperationOf(context, api);
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Record(api, operation, status, elapsed, requestBody.BytesRead, responseBody.BytesWritten);
            var level = api == "other" && IsProbeOrScrape(context.Request.Path) ? LogLevel.Debug : LogLevel.Information;
            LogRequest(
                level,
                RequestIdOf(context, api),
                api,
                operation,
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "-",
                status,
                requestBody.BytesRead,
                responseBody.BytesWritten,
                Math.Round(elapsed.TotalMilliseconds, 1).ToString("0.0", CultureInfo.InvariantCulture),
                context.RequestAborted.IsCancellationRequested);
        }
    }

    /// <summary>The id as the response carried it (the S3 error path stamps it again; the value is the same).</summary>
    private static string RequestIdOf(HttpContext context, string api) =>
        api == "s3" && context.Response.Headers.TryGetValue(S3RequestIdMiddleware.RequestIdHeader, out var sent) && sent.Count > 0
            ? sent.ToString()
            : context.TraceIdentifier;

    /// <summary>
    /// The S3 operation the edge resolved (<c>Unresolved</c> when the request failed before that), or the route
    /// template of the endpoint that served the request with its method (<c>unmatched</c> when none did). Never the
    /// path itself: it holds bucket names, keys and CIDs.
    /// </summary>
    private static string OperationOf(HttpContext context, string api)
    {
        if (api == "s3")
        {
            return context.Features.Get<S3RequestFeature>()?.Request.Operation.ToString() ?? "Unresolved";
        }

        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } template } endpoint)
        {
            return "unmatched";
        }

        // The method only when the endpoint is limited to a few: an endpoint that takes any method (health checks)
        // would otherwise let a client mint a new label per request.
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
        var method = methods.FirstOrDefault(m => string.Equals(m, context.Request.Method, StringComparison.OrdinalIgnoreCase));
        return method is null ? template.TrimStart('/') : method + " " + template.TrimStart('/');
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(
        EventId = 1,
        EventName = "Request",
        Message = "{RequestId} {Api} {Operation} user={UserId} status={Status} in={BytesIn} out={BytesOut} ms={DurationMs} aborted={Aborted}")]
    private partial void LogRequest(
        LogLevel level, string requestId, string api, string operation, string userId, int status, long bytesIn, long bytesOut, string durationMs, bool aborted);
}
