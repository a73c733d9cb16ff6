using System.Text.Json.Serialization;
using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;

namespace AutoDrive.Api.Native.Objects;

/// <summary>An object as lists and <c>/summary</c> show it (Auto Drive's ObjectSummary).</summary>
public sealed record ObjectSummaryResponse
{
    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string HeadCid { get; init; }

    /// <example>test.txt</example>
    public required string Name { get; init; }

    /// <summary>The stored bytes (as uploaded: compressed and/or encrypted by the client); a folder's sum.</summary>
    /// <example>13</example>
    public required long Size { get; init; }

    /// <example>file</example>
    public required string Type { get; init; }

    /// <example>text/plain</example>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FolderChildResponse>? Children { get; init; }

    public required IReadOnlyList<OwnerResponse> Owners { get; init; }

    public required UploadStateResponse UploadState { get; init; }

    /// <summary>The same as <see cref="UploadState"/> (the SDK's name for it).</summary>
    public UploadStateResponse UploadStatus => UploadState;

    /// <example>Archived</example>
    public string Status => UploadState.Status;

    /// <example>2025-01-15T10:30:00+00:00</example>
    public required DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A row of a list: owners and status are not read for lists (their cost would grow with the page).</summary>
    public static ObjectSummaryResponse From(NativeObjectRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ObjectSummaryResponse
        {
            HeadCid = row.Cid,
            Name = row.Name,
            Size = row.Size,
            Type = FolderChildResponse.Kind(row.Kind),
            MimeType = row.Kind == ContentKind.File ? row.MimeType : null,
            Owners = [],
            UploadState = new UploadStateResponse { UploadedNodes = row.NodeCount, TotalNodes = row.NodeCount, ArchivedNodes = row.NodeCount },
            CreatedAt = row.CreatedAt,
        };
    }

    public static ObjectSummaryResponse From(ObjectSummaryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return From(view.Item) with
        {
            Owners = view.Owners.Select(OwnerResponse.From).ToList(),
            UploadState = UploadStateResponse.From(view.Status),
            Children = view.Children?.Select(FolderChildResponse.From).ToList(),
        };
    }
}
