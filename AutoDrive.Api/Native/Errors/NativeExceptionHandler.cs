using AutoDrive.Api.S3.Routing;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace AutoDrive.Api.Native.Errors;

/// <summary>
/// Every failure off the S3 routes becomes ProblemDetails (<c>application/problem+json</c>) from
/// <see cref="NativeErrorCatalog"/>: never an exception message, never a stack trace. Client errors are not logged as
/// errors; internal ones are. A client that went away gets nothing.
/// </summary>
internal sealed partial class NativeExceptionHandler(IProblemDetailsService problems, ILogger<NativeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (S3Routes.IsS3(httpContext) || httpContext.Response.HasStarted)
        {
            return false;
        }

        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            LogClientGone(httpContext.TraceIdentifier, httpContext.Request.Method);
            return true;
        }

        var problem = NativeErrorCatalog.Find(exception);
        if (problem.Status >= 500 && exception is not DomainException)
        {
            LogFailure(exception, problem.Status ?? 500, httpContext.TraceIdentifier, httpContext.Request.Method);
        }

        problem.Extensions["traceId"] = httpContext.TraceIdentifier;
        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    // The request is named by its id (the request log line has the rest), never by its path: object names stay out of logs.
    [LoggerMessage(Level = LogLevel.Error, Message = "{Status} on request {RequestId} ({Method}).")]
    private partial void LogFailure(Exception exception, int status, string requestId, string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client went away during request {RequestId} ({Method}).")]
    private partial void LogClientGone(string requestId, string method);
}
