namespace AutoDrive.Api.S3.Routing;

public static class S3HttpContextExtensions
{
    /// <summary>The S3 request resolved by <see cref="S3RequestResolutionMiddleware"/>.</summary>
    public static S3Request GetS3Request(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<S3RequestFeature>()?.Request
            ?? throw new InvalidOperationException("The S3 request has not been resolved; is this an S3 route?");
    }
}
