using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>What GET and HEAD tell about an object (flat: mapped from <c>ObjectMapping</c>).</summary>
public sealed class ObjectDescription
{
    public string BucketName { get; init; } = string.Empty;

    public string Key { get; init; } = string.Empty;

    public string Cid { get; init; } = string.Empty;

    /// <summary>Unquoted ETag; null for a legacy object without MD5.</summary>
    public string? ETag { get; init; }

    public long Size { get; init; }

    public DateTimeOffset LastModified { get; init; }

    public string? ContentType { get; init; }

    public string? ContentEncoding { get; init; }

    public string? ContentDisposition { get; init; }

    public string? ContentLanguage { get; init; }

    public string? CacheControl { get; init; }

    public string? Expires { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    public string? ChecksumValue { get; init; }
}
