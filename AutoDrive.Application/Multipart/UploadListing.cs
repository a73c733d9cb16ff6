namespace AutoDrive.Application.Multipart;

/// <summary>A page of ListMultipartUploads.</summary>
public sealed record UploadListing(
    string Bucket,
    string Prefix,
    string? Delimiter,
    string? KeyMarker,
    string? UploadIdMarker,
    string? NextKeyMarker,
    string? NextUploadIdMarker,
    int MaxUploads,
    bool IsTruncated,
    IReadOnlyList<UploadSummary> Uploads,
    IReadOnlyList<string> CommonPrefixes);
