namespace AutoDrive.Api.S3.Routing;

/// <summary>What the S3 edge decided about a request: its operation and its (bucket, key).</summary>
public sealed record S3Request(S3Operation Operation, S3Target Target);
