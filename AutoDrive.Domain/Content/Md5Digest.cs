using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Content;

/// <summary>An MD5 digest: the ETag of a single-part object, or of a part.</summary>
public readonly record struct Md5Digest
{
    public const int Length = 16;

    private readonly byte[] _value;

    private Md5Digest(byte[] value) => _value = value;

    public ReadOnlyMemory<byte> Value => _value ?? [];

    public static Md5Digest FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new Md5Digest(bytes.ToArray())
            : throw new DomainException(ErrorKind.MalformedDigest, "An MD5 digest is 16 bytes.");

    public string ToHex() => Convert.ToHexStringLower(Value.Span);

    public byte[] ToArray() => Value.ToArray();

    public bool Equals(Md5Digest other) => Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => ToHex();
}
