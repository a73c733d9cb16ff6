namespace AutoDrive.Application.Listing;

/// <summary>An object of a listing page. <see cref="ETag"/> is unquoted: hex MD5, <c>hex-N</c> for multipart, the CID for a legacy row.</summary>
public sealed record ListedObject(string Key, DateTimeOffset LastModified, string ETag, long Size);
