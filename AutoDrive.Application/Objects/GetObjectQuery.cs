namespace AutoDrive.Application.Objects;

/// <summary>
/// GetObject or HeadObject of the caller's (bucket, key): optionally a range, and conditional headers. A
/// <see cref="MeteredDownload"/> (the caller has a download limit) is charged the bytes it is about to send.
/// </summary>
public sealed record GetObjectQuery(
    Guid OwnerId,
    string Bucket,
    string Key,
    RangeRequest? Range = null,
    ReadConditions? Conditions = null,
    bool MeteredDownload = false);
