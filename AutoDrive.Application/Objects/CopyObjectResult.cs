namespace AutoDrive.Application.Objects;

/// <summary>The new mapping as CopyObject answers it.</summary>
public sealed record CopyObjectResult(string? ETag, string Cid, DateTimeOffset LastModified);
