using System.Buffers;
using System.Security.Cryptography;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content;

/// <summary>
/// Streams a body into the DSN while computing its MD5 (and the additional checksum asked for), with flat memory
/// whatever the size. A body that fits one 1 MiB buffer is digested and written in place; a larger one goes
/// through a <see cref="BodyPipeline"/> (a few pooled buffers; the client is read, MD5 computed and the DSN
/// written, with its CID hashing, all at the same time). A body that breaks a rule (length, digest) is
/// discarded before it is committed: nothing is stored.
/// </summary>
public sealed class ContentIngestor(IDsnStorage dsn)
{
    public const int BufferSize = 1024 * 1024;

    /// <summary>How many <see cref="BufferSize"/> buffers a large body holds at most while it streams.</summary>
    public const int BuffersInFlight = BodyPipeline.Depth;

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

        void Digest(ReadOnlySpan<byte> block)
        {
            md5.AppendData(block);
            checksum?.Append(block);
        }

        // A body declared smaller than a buffer is read into a buffer of its size (plus one byte, to see a body
        // longer than declared): 64 clients sending 4 KiB objects then hold 64 small buffers, not 64 MiB.
        var firstSize = request.DeclaredLength is { } small && small < BufferSize ? (int)small + 1 : BufferSize;
        var first = ArrayPool<byte>.Shared.Rent(firstSize);
        long total;
        try
        {
            var count = await ReadBlockAsync(request.Body, first, firstSize, cancellationToken);
            total = CheckLength(request, 0, count);
            if (count < firstSize)
            {
                // The whole body fits one buffer (every small object): digest and write it here, in order, without
                // handing work to other threads; there is nothing to overlap.
                Digest(first.AsSpan(0, count));
                if (count > 0)
                {
                    await sink.WriteAsync(first.AsMemory(0, count), cancellationToken);
                }
            }
            else
            {
                // A full first buffer is a BufferSize one: a smaller, declared, body that filled its buffer is
                // longer than declared and was refused above.
                var pipeline = new BodyPipeline(first, count, Digest, sink, cancellationToken);
                first = null;
                using (pipeline)
                {
                    try
                    {
                        total = await ReadIntoPipelineAsync(request, pipeline, total, cancellationToken);
                    }
                    catch (Exception exception)
                    {
                        pipeline.Fail(exception);
                    }

                    await pipeline.CompleteAsync();
                }
            }
        }
        finally
        {
            if (first is not null)
            {
                ArrayPool<byte>.Shared.Return(first);
            }
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

    /// <summary>
    /// Reads the rest of a body (after its first, full, buffer) into the pipeline's free buffers until it ends or
    /// a stage fails; returns the body's length so far.
    /// </summary>
    private static async Task<long> ReadIntoPipelineAsync(IngestRequest request, BodyPipeline pipeline, long total, CancellationToken cancellationToken)
    {
        while (await pipeline.NextFreeAsync() is var (index, buffer))
        {
            int count;
            try
            {
                count = await ReadBlockAsync(request.Body, buffer, BufferSize, cancellationToken);
                total = CheckLength(request, total, count);
            }
            catch
            {
                pipeline.Return(index);
                throw;
            }

            if (count == 0)
            {
                pipeline.Return(index);
                break;
            }

            pipeline.Post(index, count);
            if (count < BufferSize)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>The length after <paramref name="count"/> more bytes, refused when over the limit or the declared length.</summary>
    private static long CheckLength(IngestRequest request, long total, int count)
    {
        total += count;
        if (total > request.MaxLength)
        {
            throw TooLarge(request.MaxLength);
        }

        if (total > request.DeclaredLength)
        {
            throw new DomainException(ErrorKind.IncompleteBody, "The body is longer than its declared length.");
        }

        return total;
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

    /// <summary>Reads until <paramref name="size"/> bytes are in or the body ends (fewer bytes: the body has ended).</summary>
    private static ValueTask<int> ReadBlockAsync(Stream body, byte[] buffer, int size, CancellationToken cancellationToken) =>
        body.ReadAtLeastAsync(buffer.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken);

    private static DomainException TooLarge(long max) =>
        new(ErrorKind.ContentTooLarge, $"Your proposed upload exceeds the maximum allowed size of {max} bytes.");
}
