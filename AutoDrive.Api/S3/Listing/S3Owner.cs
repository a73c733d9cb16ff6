namespace AutoDrive.Api.S3.Listing;

/// <summary>An <c>&lt;Owner&gt;</c>: the user's id and name (every object a caller lists is the caller's).</summary>
public sealed record S3Owner(string Id, string DisplayName);
