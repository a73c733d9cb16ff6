using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content;

/// <summary>
/// A body stored durably on the DSN, with the digests computed while it streamed: its MD5 and, when one was asked
/// for, its validated additional checksum.
/// </summary>
public sealed record IngestedContent(DsnStoredContent Stored, Md5Digest Md5, ObjectChecksum? Checksum);
