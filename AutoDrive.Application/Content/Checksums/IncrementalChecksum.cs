using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content.Checksums;

/// <summary>
/// One of S3's additional checksums, computed while a body streams. <see cref="Append"/> the bytes in order;
/// <see cref="GetDigest"/> and <see cref="GetBase64"/> may be called at any time and do not reset the state.
/// Digests are big-endian, as S3 sends them (<c>x-amz-checksum-crc32: base64(4 bytes)</c>).
/// Not thread-safe.
/// </summary>
public sealed class IncrementalChecksum : IDisposable
{
    private readonly Crc32? _crc32;
    private readonly Crc64? _crc64;
    private readonly IncrementalHash? _hash;

    private IncrementalChecksum(ChecksumAlgorithm algorithm)
    {
        Algorithm = algorithm;
        switch (algorithm)
        {
            case ChecksumAlgorithm.Crc32:
                _crc32 = new Crc32(Crc32ParameterSet.Crc32);
                break;
            case ChecksumAlgorithm.Crc32C:
                _crc32 = new Crc32(Crc32ParameterSet.Crc32C);
                break;
            case ChecksumAlgorithm.Crc64Nvme:
                _crc64 = new Crc64(Crc64ParameterSet.Nvme);
                break;
            case ChecksumAlgorithm.Sha1:
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                break;
            case ChecksumAlgorithm.Sha256:
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm.");
        }
    }

    public ChecksumAlgorithm Algorithm { get; }

    /// <summary>Starts a checksum of nothing.</summary>
    public static IncrementalChecksum Create(ChecksumAlgorithm algorithm) => new(algorithm);

    /// <summary>The checksum of <paramref name="data"/> in one call, as base64.</summary>
    public static string ComputeBase64(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var checksum = Create(algorithm);
        checksum.Append(data);
        return checksum.GetBase64();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_crc32 is not null)
        {
            _crc32.Append(data);
        }
        else if (_crc64 is not null)
        {
            _crc64.Append(data);
        }
        else
        {
            _hash!.AppendData(data);
        }
    }

    /// <summary>The digest of everything appended so far, big-endian.</summary>
    public byte[] GetDigest()
    {
        if (_crc32 is not null)
        {
            var digest = new byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32BigEndian(digest, _crc32.GetCurrentHashAsUInt32());
            return digest;
        }

        if (_crc64 is not null)
        {
            var digest = new byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64BigEndian(digest, _crc64.GetCurrentHashAsUInt64());
            return digest;
        }

        return _hash!.GetCurrentHash();
    }

    /// <summary>The digest of everything appended so far, as the base64 text S3 sends and returns.</summary>
    public string GetBase64() => Convert.ToBase64String(GetDigest());

    public void Dispose() => _hash?.Dispose();
}
