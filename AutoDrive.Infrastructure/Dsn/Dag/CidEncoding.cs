using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// The CIDs Auto Drive writes: CIDv1, codec raw (0x55), multihash BLAKE3-256 under Autonomys' code 0x1f.
/// Binary form <c>01 55 1f 20 &lt;32-byte digest&gt;</c>; text form <c>b</c> + base32 lower case, no padding.
/// </summary>
public static class CidEncoding
{
    /// <summary>The BLAKE3 digest length.</summary>
    public const int DigestLength = 32;

    /// <summary>The binary CID length: the 4-byte prefix and the digest.</summary>
    public const int BinaryLength = 36;

    /// <summary>The text CID length: <c>b</c> and 58 base32 characters.</summary>
    public const int TextLength = 59;

    /// <summary>The fixed 4 leading bytes: version 1, codec raw, multihash code 0x1f, digest length 32.</summary>
    public static ReadOnlySpan<byte> Prefix => [0x01, 0x55, 0x1f, 0x20];

    /// <summary>Writes the binary CID of <paramref name="digest"/> into 36 bytes of <paramref name="destination"/>.</summary>
    public static void WriteBinary(ReadOnlySpan<byte> digest, Span<byte> destination)
    {
        CheckDigest(digest);
        Prefix.CopyTo(destination);
        digest.CopyTo(destination[Prefix.Length..]);
    }

    /// <summary>The text CID of a BLAKE3 digest.</summary>
    public static string ToText(ReadOnlySpan<byte> digest)
    {
        Span<byte> binary = stackalloc byte[BinaryLength];
        WriteBinary(digest, binary);
        Span<char> text = stackalloc char[TextLength];
        text[0] = 'b';
        Base32.Encode(binary, text[1..]);
        return new string(text);
    }

    /// <summary>The CID of a BLAKE3 digest.</summary>
    public static Cid ToCid(ReadOnlySpan<byte> digest) => Cid.Parse(ToText(digest));

    /// <summary>
    /// Extracts the BLAKE3 digest of a text CID; false when the text is not a CIDv1 raw BLAKE3 (0x1f) CID in
    /// canonical base32.
    /// </summary>
    public static bool TryGetDigest(ReadOnlySpan<char> text, Span<byte> digest)
    {
        if (digest.Length != DigestLength || text.Length != TextLength || text[0] != 'b')
        {
            return false;
        }

        Span<byte> binary = stackalloc byte[BinaryLength];
        if (!Base32.TryDecode(text[1..], binary) || !binary[..Prefix.Length].SequenceEqual(Prefix))
        {
            return false;
        }

        binary[Prefix.Length..].CopyTo(digest);
        return true;
    }

    /// <inheritdoc cref="TryGetDigest(ReadOnlySpan{char}, Span{byte})"/>
    public static bool TryGetDigest(Cid cid, Span<byte> digest) => TryGetDigest(cid.Value.AsSpan(), digest);

    /// <summary>The 36-byte binary form of a text CID.</summary>
    /// <exception cref="FormatException">The CID is not a CIDv1 raw BLAKE3 (0x1f) CID.</exception>
    public static byte[] ToBinary(Cid cid)
    {
        Span<byte> digest = stackalloc byte[DigestLength];
        if (!TryGetDigest(cid, digest))
        {
            throw new FormatException("Not an Autonomys CID (CIDv1, raw, BLAKE3 0x1f, base32).");
        }

        var binary = new byte[BinaryLength];
        WriteBinary(digest, binary);
        return binary;
    }

    private static void CheckDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != DigestLength)
        {
            throw new ArgumentException("A BLAKE3 digest is 32 bytes.", nameof(digest));
        }
    }
}
