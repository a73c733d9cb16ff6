using AutoDrive.Application.Native;

namespace AutoDrive.Api.Native.Objects;

/// <summary>A page of objects and how many there are in all.</summary>
public sealed record ObjectPageResponse
{
    public required IReadOnlyList<ObjectSummaryResponse> Rows { get; init; }

    /// <example>1</example>
    public required long TotalCount { get; init; }

    public static ObjectPageResponse From(ObjectPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new ObjectPageResponse { Rows = page.Rows.Select(ObjectSummaryResponse.From).ToList(), TotalCount = page.TotalCount };
    }
}
