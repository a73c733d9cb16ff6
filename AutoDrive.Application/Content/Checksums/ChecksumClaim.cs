using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content.Checksums;

/// <summary>
/// A client's claimed <c>x-amz-checksum-*</c> value (from a header or an aws-chunked trailer): read it, then
/// compare it with what the body really hashed to. Both failures are S3's 400 BadDigest.
/// </summary>
public static class ChecksumClaim
{
    /// <summary>
    /// Reads a claimed value: base64 of exactly the algorithm's digest size, surrounding whitespace ignored.
    /// Returns it in canonical base64, ready to store and echo.
    /// </summary>
    /// <exception cref="DomainException"><see cref="ErrorKind.DigestMismatch"/> when the value is not base64 of the
    /// algorithm's digest size.</exception>
    public static ObjectChecksum Parse(ChecksumAlgorithm algorithm, string? value)
    {
        var size = ChecksumAlgorithms.GetDigestSize(algorithm);
        Span<byte> digest = stackalloc byte[64];
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)
            || !Convert.TryFromBase64String(text, digest, out var written)
            || written != size)
        {
            throw new DomainException(
                ErrorKind.DigestMismatch,
                $"The {ChecksumAlgorithms.GetHeaderName(algorithm)} value is not base64 of a {size}-byte digest.");
        }

        return new ObjectChecksum(algorithm, Convert.ToBase64String(digest[..size]));
    }

    /// <summary>Checks a claim against the checksum computed over the received bytes.</summary>
    /// <exception cref="DomainException"><see cref="ErrorKind.DigestMismatch"/> when they differ.</exception>
    public static void Verify(ObjectChecksum claimed, IncrementalChecksum computed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(computed);
        if (claimed.Algorithm != computed.Algorithm)
        {
            throw new ArgumentException(
                $"The claim is {claimed.Algorithm} but the computed checksum is {computed.Algorithm}.",
                nameof(computed));
        }

        if (!string.Equals(claimed.Value, computed.GetBase64(), StringComparison.Ordinal))
        {
            throw new DomainException(
                ErrorKind.DigestMismatch,
                $"The {ChecksumAlgorithms.GetName(claimed.Algorithm)} you specified did not match the calculated checksum.");
        }
    }
}
