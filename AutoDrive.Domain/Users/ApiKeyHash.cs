using System.Security.Cryptography;
using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Users;

/// <summary>
/// The SHA-256 of an API key. Keys are long random secrets, so an unsalted fast hash is enough to make
/// a leaked table useless while still allowing a lookup by hash; the key itself is never stored.
/// </summary>
public readonly record struct ApiKeyHash
{
    public const int Length = 32;

    private readonly byte[] _value;

    private ApiKeyHash(byte[] value) => _value = value;

    public ReadOnlyMemory<byte> Value => _value ?? [];

    public static ApiKeyHash Compute(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return new ApiKeyHash(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }

    public static ApiKeyHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "An API key hash is 32 bytes.");
        }

        return new ApiKeyHash(bytes.ToArray());
    }

    public byte[] ToArray() => Value.ToArray();

    public bool Equals(ApiKeyHash other) => Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => "sha256:" + Convert.ToHexStringLower(Value.Span);
}
