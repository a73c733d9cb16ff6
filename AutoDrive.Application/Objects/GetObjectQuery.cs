namespace AutoDrive.Application.Objects;

/// <summary>GetObject or HeadObject of the caller's (bucket, key): optionally a range, and conditional headers.</summary>
public sealed record GetObjectQuery(
    Guid OwnerId,
    string Bucket,
    string Key,
    RangeRequest? Range = null,
    ReadConditions? Conditions = null);
