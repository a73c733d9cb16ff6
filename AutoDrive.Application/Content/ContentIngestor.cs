using System.Buffers;
using System.Security.Cryptography;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content;

/// <summary>
/// Streams a body into the DSN while computing its MD5 (and the additional checksum asked for), with flat memory: two 1 MiB buffers whatever the
/// size. The next buffer is read from the client while the current one is written and hashed, and MD5 (the
/// slowest hash) runs on another core than the DSN writer's CID hashing. A body that breaks a rule
/// (length, digest) is discarded before it is committed: nothing is stored.
/// </summary>
public sealed class ContentIngestor(IDsnStorage dsn)
{
    public const int BufferSize = 1024 * 1024;

    /// <summary>Streams a body into a new DSN content and commits it once every check has passed.</summary>
    public async Task<IngestedContent> IngestAsync(IngestRequest request, ContentDescriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RefuseDeclaredTooLarge(request);
        await using var writer = await dsn.BeginWriteAsync(descriptor, cancellationToken);
        var digests = await PumpAsync(request, writer, cancellationToken);
        var stored = await writer.CommitAsync(cancellationToken);
        return new IngestedContent(stored, digests.Md5, digests.Checksum);
    }

    /// <summary>
    /// Streams a body into <paramref name="sink"/> and checks it (length, Content-MD5, checksum); the caller commits
    /// what the sink received only when this returns.
    /// </summary>
    public static async Task<BodyDigests> PumpAsync(IngestRequest request, IByteSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        RefuseDeclaredTooLarge(request);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var expectation = request.Checksum ?? ChecksumExpectation.None;
        using var checksum = expectation.Algorithm is { } algorithm ? IncrementalChecksum.Create(algorithm) : null;

        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            var count = await ReadBlockAsync(request.Body, current, cancellationToken);
            while (count > 0)
            {
                total += count;
                if (total > request.MaxLength || total > request.DeclaredLength)
                {
                    throw total > request.MaxLength
                        ? TooLarge(request.MaxLength)
                        : new DomainException(ErrorKind.IncompleteBody, "The body is longer than its declared length.");
                }

                var atEnd = count < BufferSize;
                var block = current.AsMemory(0, count);
                var read = atEnd ? Task.FromResult(0) : ReadBlockAsync(request.Body, next, cancellationToken);
                var hash = Task.Run(
                    () =>
                    {
                        md5.AppendData(block.Span);
                        checksum?.Append(block.Span);
                    },
                    cancellationToken);
                var write = sink.WriteAsync(block, cancellationToken).AsTask();

                // Wait for all three even when one fails: no task may still touch a pooled buffer.
                await Task.WhenAll(read, hash, write);
                count = read.Result;
                (current, next) = (next, current);
            }

            if (request.DeclaredLength is { } declared && total != declared)
            {
                throw new DomainException(
                    ErrorKind.IncompleteBody,
                    $"You did not provide the number of bytes specified by the Content-Length HTTP header ({total} of {declared}).");
            }

            var digest = Md5Digest.FromBytes(md5.GetHashAndReset());
            if (request.ContentMd5 is { } expected && !expected.Equals(digest))
            {
                throw new DomainException(ErrorKind.DigestMismatch, "The Content-MD5 you specified did not match what we received.");
            }

            return new BodyDigests(total, digest, ValidateChecksum(expectation, checksum));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static void RefuseDeclaredTooLarge(IngestRequest request)
    {
        if (request.DeclaredLength > request.MaxLength)
        {
            throw TooLarge(request.MaxLength);
        }
    }

    /// <summary>The claimed checksum, checked against the computed one (BadDigest), or the computed one.</summary>
    private static ObjectChecksum? ValidateChecksum(ChecksumExpectation expectation, IncrementalChecksum? computed)
    {
        var claim = expectation.ReadClaim();
        if (claim is null)
        {
            return computed is null ? null : new ObjectChecksum(computed.Algorithm, computed.GetBase64());
        }

        if (computed is null || computed.Algorithm != claim.Algorithm)
        {
            throw new InvalidOperationException($"A {claim.Algorithm} checksum was claimed but not computed.");
        }

        ChecksumClaim.Verify(claim, computed);
        return claim;
    }

    private static Task<int> ReadBlockAsync(Stream body, byte[] buffer, CancellationToken cancellationToken) =>
        body.ReadAtLeastAsync(buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken).AsTask();

    private static DomainException TooLarge(long max) =>
        new(ErrorKind.ContentTooLarge, $"Your proposed upload exceeds the maximum allowed size of {max} bytes.");
}
