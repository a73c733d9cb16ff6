using AutoDrive.Application.Content;

namespace AutoDrive.Api.Native.Common;

/// <summary>
/// The largest request bodies of the native API (README, limits). Kestrel's limit for every request is
/// <see cref="Json"/>; the routes that take more raise it with <c>[RequestSizeLimit]</c>, and the S3 edge sets its own per
/// operation (S3BodyLimits). A body past its limit is 413 (ProblemDetails).
/// </summary>
public static class NativeBodyLimits
{
    /// <summary>JSON requests (accounts, keys, admin, sharing, a file upload's start): 1 MiB.</summary>
    public const long Json = 1024 * 1024;

    /// <summary>A folder upload's start carries the whole tree: 16 MiB (some 100,000 entries).</summary>
    public const long FolderTree = 16L * 1024 * 1024;

    /// <summary>A chunk: at most 5 GiB of content (checked as it streams), plus the multipart/form-data framing.</summary>
    public const long Chunk = IngestLimits.MaxObjectSize + (1024 * 1024);
}
