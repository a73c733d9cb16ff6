using AutoDrive.Application.Content;

namespace AutoDrive.Api.Native.Objects;

/// <summary>How far an object is on the DSN (Auto Drive's ObjectUploadState).</summary>
public sealed record UploadStateResponse
{
    /// <example>3</example>
    public long? UploadedNodes { get; init; }

    /// <example>3</example>
    public long? TotalNodes { get; init; }

    /// <example>3</example>
    public long? ArchivedNodes { get; init; }

    public long? MinimumBlockDepth { get; init; }

    public long? MaximumBlockDepth { get; init; }

    public static UploadStateResponse From(DsnContentStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new UploadStateResponse { UploadedNodes = status.UploadedNodes, TotalNodes = status.TotalNodes, ArchivedNodes = status.ArchivedNodes };
    }

    /// <summary>Auto Drive's ObjectStatus, derived from the node counts: Processing, Publishing, Archiving or Archived.</summary>
    public string Status =>
        TotalNodes is null or 0 || UploadedNodes is null or 0 ? "Processing"
        : ArchivedNodes == TotalNodes ? "Archived"
        : UploadedNodes == TotalNodes ? "Archiving"
        : "Publishing";
}
