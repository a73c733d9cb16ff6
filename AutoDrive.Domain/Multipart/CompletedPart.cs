namespace AutoDrive.Domain.Multipart;

/// <summary>A part as CompleteMultipartUpload lists it: its number, the ETag the client got, and a checksum if it sent one.</summary>
public sealed record CompletedPart(int PartNumber, string ETag, string? Checksum = null);
