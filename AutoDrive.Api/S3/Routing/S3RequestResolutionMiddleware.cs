using AutoDrive.Api.S3.Protocol;
using Microsoft.AspNetCore.Http.Features;

namespace AutoDrive.Api.S3.Routing;

/// <summary>Decides, once, which S3 operation a request is and on which (bucket, key), and so how large its body may be.</summary>
public sealed class S3RequestResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        }

        var target = S3TargetParser.Parse(rawTarget, S3Routes.Prefix);
        var request = S3OperationResolver.Resolve(context.Request.Method, target, context.Request.Query, context.Request.Headers);
        // Before anything reads the body (the sniffer below reads a small bucket PUT's): a CreateBucket it finds has a
        // body of at most 16 KiB, within any limit.
        S3BodyLimits.Apply(context, request.Operation);
        if (request.Operation == S3Operation.PutObject && target.Key is null
            && await CreateBucketConfigurationSniffer.IsCreateBucketConfigurationAsync(context.Request, context.RequestAborted))
        {
            request = new S3Request(S3Operation.CreateBucket, target);
        }

        context.Features.Set(new S3RequestFeature(request));
        await next(context);
    }
}
