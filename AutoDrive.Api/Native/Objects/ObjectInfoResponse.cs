using AutoDrive.Application.Native;

namespace AutoDrive.Api.Native.Objects;

/// <summary><c>GET /api/objects/{cid}</c> (Auto Drive's ObjectInformation).</summary>
public sealed record ObjectInfoResponse
{
    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string Cid { get; init; }

    /// <example>2025-01-15T10:30:00+00:00</example>
    public required DateTimeOffset CreatedAt { get; init; }

    public required ObjectMetadataResponse Metadata { get; init; }

    /// <example>Archived</example>
    public required string Status { get; init; }

    public required UploadStateResponse UploadState { get; init; }

    public required IReadOnlyList<OwnerResponse> Owners { get; init; }

    /// <summary>The caller's publication of the object (for <c>/api/objects/{id}/public</c>), if any.</summary>
    public string? PublishedObjectId { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public static ObjectInfoResponse From(ObjectInfoView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var summary = ObjectSummaryResponse.From(view.Summary);
        return new ObjectInfoResponse
        {
            Cid = summary.HeadCid,
            CreatedAt = summary.CreatedAt,
            Metadata = ObjectMetadataResponse.From(view.Metadata),
            Status = summary.Status,
            UploadState = summary.UploadState,
            Owners = summary.Owners,
            PublishedObjectId = view.PublicationId,
        };
    }
}
