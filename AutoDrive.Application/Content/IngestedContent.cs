using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>A body stored durably on the DSN, with the digests computed while it streamed.</summary>
public sealed record IngestedContent(DsnStoredContent Stored, Md5Digest Md5);
