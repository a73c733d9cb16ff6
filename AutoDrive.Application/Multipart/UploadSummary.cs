namespace AutoDrive.Application.Multipart;

/// <summary>An upload in progress, as ListMultipartUploads shows it.</summary>
public sealed record UploadSummary(string Key, string UploadId, DateTimeOffset Initiated);
