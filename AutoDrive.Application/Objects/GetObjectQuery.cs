namespace AutoDrive.Application.Objects;

/// <summary>GetObject or HeadObject of the caller's (bucket, key), optionally a range.</summary>
public sealed record GetObjectQuery(Guid OwnerId, string Bucket, string Key, RangeRequest? Range = null);
