using AutoDrive.Application.Admin;

namespace AutoDrive.Api.Native.Admin;

/// <summary>A page of users by name, each with what they hold (roots, bytes, S3 keys) and their credits.</summary>
public sealed record UserUsagePageResponse
{
    public required IReadOnlyList<UserUsage> Rows { get; init; }

    /// <example>4</example>
    public required long TotalCount { get; init; }
}
