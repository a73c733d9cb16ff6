namespace AutoDrive.Api.S3.Routing;

/// <summary>
/// The bucket and key a path-style S3 request names, decoded byte-exact from the raw request target.
/// <see cref="Bucket"/> is null for the service root; <see cref="Key"/> is null when the path names only a
/// bucket (<c>/b</c>) and empty for <c>/b/</c>.
/// </summary>
public sealed record S3Target(string? Bucket, string? Key)
{
    /// <summary>The guide's legacy rule: a single segment names an object in bucket <c>default</c>.</summary>
    public S3Target AsDefaultBucketObject() => new("default", Bucket);
}
