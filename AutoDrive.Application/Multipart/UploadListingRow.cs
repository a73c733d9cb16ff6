namespace AutoDrive.Application.Multipart;

/// <summary>
/// One entry of a ListMultipartUploads page as the query reads it: an upload in progress, or (with
/// <see cref="CommonPrefix"/> set) every upload under that common prefix, of which <see cref="Key"/> and
/// <see cref="UploadId"/> are the first (the rest are skipped by one index seek, never read).
/// </summary>
public sealed record UploadListingRow(string Key, string UploadId, DateTimeOffset Initiated, string? CommonPrefix);
