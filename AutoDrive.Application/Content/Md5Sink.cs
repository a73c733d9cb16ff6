using System.Security.Cryptography;
using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>A sink that only hashes what it is given: the MD5 of a byte stream.</summary>
public sealed class Md5Sink : IByteSink, IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _md5.AppendData(data.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>The MD5 of everything written so far (and a fresh start).</summary>
    public Md5Digest Digest() => Md5Digest.FromBytes(_md5.GetHashAndReset());

    public void Dispose() => _md5.Dispose();
}
