namespace AutoDrive.Api.S3.Routing;

/// <summary>Where the S3 API is served.</summary>
public static class S3Routes
{
    public const string Prefix = "/s3";

    public static bool IsS3(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
    }
}
