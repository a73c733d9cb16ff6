using System.Diagnostics.CodeAnalysis;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content.Checksums;

/// <summary>
/// The names S3 gives each <see cref="ChecksumAlgorithm"/>: the algorithm name clients send in
/// <c>x-amz-sdk-checksum-algorithm</c> / <c>x-amz-checksum-algorithm</c> (<c>CRC32</c>, <c>CRC32C</c>,
/// <c>CRC64NVME</c>, <c>SHA1</c>, <c>SHA256</c>), the header or trailer name (<c>x-amz-checksum-crc32</c>),
/// and the digest size.
/// </summary>
public static class ChecksumAlgorithms
{
    /// <summary>The prefix shared by every checksum header and trailer name.</summary>
    public const string HeaderPrefix = "x-amz-checksum-";

    /// <summary>Every supported algorithm, in a stable order.</summary>
    public static IReadOnlyList<ChecksumAlgorithm> All { get; } =
    [
        ChecksumAlgorithm.Crc32,
        ChecksumAlgorithm.Crc32C,
        ChecksumAlgorithm.Crc64Nvme,
        ChecksumAlgorithm.Sha1,
        ChecksumAlgorithm.Sha256,
    ];

    /// <summary>The algorithm's S3 name: <c>CRC32</c>, <c>CRC32C</c>, <c>CRC64NVME</c>, <c>SHA1</c>, <c>SHA256</c>.</summary>
    public static string GetName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>The header (and trailer) name carrying the algorithm's value, e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public static string GetHeaderName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "x-amz-checksum-crc32",
        ChecksumAlgorithm.Crc32C => "x-amz-checksum-crc32c",
        ChecksumAlgorithm.Crc64Nvme => "x-amz-checksum-crc64nvme",
        ChecksumAlgorithm.Sha1 => "x-amz-checksum-sha1",
        ChecksumAlgorithm.Sha256 => "x-amz-checksum-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>The digest size in bytes: 4 for the CRC32s, 8 for CRC64NVME, 20 for SHA1, 32 for SHA256.</summary>
    public static int GetDigestSize(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Crc64Nvme => 8,
        ChecksumAlgorithm.Sha1 => 20,
        ChecksumAlgorithm.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>Reads an algorithm name (<c>CRC32</c>, <c>crc64nvme</c>, ...), ignoring case and surrounding
    /// whitespace.</summary>
    public static bool TryParseName([NotNullWhen(true)] string? name, out ChecksumAlgorithm algorithm) =>
        TryFind(name, GetName, out algorithm);

    /// <summary>Reads an algorithm name, or throws <see cref="ErrorKind.InvalidRequest"/> for an unsupported one
    /// (S3 answers 400 InvalidRequest to an unknown <c>x-amz-checksum-algorithm</c>).</summary>
    public static ChecksumAlgorithm ParseName(string? name) =>
        TryParseName(name, out var algorithm)
            ? algorithm
            : throw new DomainException(
                ErrorKind.InvalidRequest,
                "The checksum algorithm is not supported; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.");

    /// <summary>Reads a header or trailer name (<c>x-amz-checksum-crc32c</c>, any case). Other names, including
    /// <c>x-amz-checksum-algorithm</c> and <c>x-amz-checksum-type</c>, are not checksum values.</summary>
    public static bool TryParseHeaderName([NotNullWhen(true)] string? headerName, out ChecksumAlgorithm algorithm) =>
        TryFind(headerName, GetHeaderName, out algorithm);

    /// <summary>The algorithm whose <paramref name="nameOf"/> equals <paramref name="text"/>, ignoring case and
    /// surrounding whitespace.</summary>
    private static bool TryFind([NotNullWhen(true)] string? text, Func<ChecksumAlgorithm, string> nameOf, out ChecksumAlgorithm algorithm)
    {
        var trimmed = text?.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(trimmed, nameOf(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }
}
