using Microsoft.AspNetCore.Http.Features;

namespace AutoDrive.Api.S3.Routing;

/// <summary>Decides, once, which S3 operation a request is and on which (bucket, key).</summary>
public sealed class S3RequestResolutionMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        }

        var target = S3TargetParser.Parse(rawTarget, S3Routes.Prefix);
        var request = S3OperationResolver.Resolve(context.Request.Method, target, context.Request.Query, context.Request.Headers);
        context.Features.Set(new S3RequestFeature(request));
        return next(context);
    }
}
