namespace AutoDrive.Api.S3.Routing;

/// <summary>Carries the resolved <see cref="S3Request"/> through the pipeline.</summary>
public sealed class S3RequestFeature(S3Request request)
{
    public S3Request Request { get; } = request;
}
