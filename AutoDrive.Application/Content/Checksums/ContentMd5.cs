using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content.Checksums;

/// <summary>
/// The <c>Content-MD5</c> header: base64 of a 16-byte MD5 digest. Malformed → 400 InvalidDigest (checked even
/// when an <c>x-amz-checksum-*</c> is also sent); a mismatch with the body → 400 BadDigest.
/// </summary>
public static class ContentMd5
{
    /// <summary>Reads a present <c>Content-MD5</c> header. Call it whenever the header is present, even empty.</summary>
    /// <exception cref="DomainException"><see cref="ErrorKind.MalformedDigest"/> when the value is empty or not
    /// base64 of 16 bytes.</exception>
    public static Md5Digest Parse(string? value)
    {
        Span<byte> digest = stackalloc byte[32];
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)
            || !Convert.TryFromBase64String(text, digest, out var written)
            || written != Md5Digest.Length)
        {
            throw new DomainException(ErrorKind.MalformedDigest, "The Content-MD5 you specified was not valid.");
        }

        return Md5Digest.FromBytes(digest[..Md5Digest.Length]);
    }

    /// <summary>Checks a claimed Content-MD5 against the MD5 computed over the received bytes.</summary>
    /// <exception cref="DomainException"><see cref="ErrorKind.DigestMismatch"/> when they differ.</exception>
    public static void Verify(Md5Digest claimed, Md5Digest computed)
    {
        if (!claimed.Equals(computed))
        {
            throw new DomainException(
                ErrorKind.DigestMismatch, "The Content-MD5 you specified did not match what we received.");
        }
    }
}
