using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn.Dag;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// Multipart staging in the local store, under <c>&lt;root&gt;/staging/&lt;upload id&gt;/</c>: <c>parts/</c> holds
/// each part as uploaded (fsynced; a re-upload is a new file), <c>assembly/</c> how far the CID of the parts in
/// order has been computed: the digests of their hashed chunks (<c>chunks.bin</c>) and <see cref="AssemblyState"/>.
/// Assembly only reads and hashes (the parts were just written, so they are read from the page cache); the bytes
/// are never copied: Finish hashes what was not assembled ahead, then links the part files under the CID as the
/// segments of the content. Every path derives from the upload id, so instances sharing the data directory
/// (shared storage) find each other's parts; an instance that does not share it finds a part missing, which is
/// answered as the service being unavailable (see <see cref="PartNotHere"/>), not as an internal error.
/// </summary>
internal sealed class LocalMultipartStaging : IMultipartStaging
{
    public const string ChunksFile = "chunks.bin";
    private const string StagingFolder = "staging";
    private const string PartsFolder = "parts";
    private const string AssemblyFolder = "assembly";
    private const int BufferSize = 1024 * 1024;

    private readonly LocalDsnStorage _storage;
    private readonly string _root;

    public LocalMultipartStaging(LocalDsnStorage storage, IOptions<LocalDsnStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _root = Path.Combine(Path.GetFullPath(options.Value.RootDirectory), StagingFolder);
    }

    public Task<IStagedPartWriter> BeginPartAsync(UploadId uploadId, int partNumber, long? assumedOffset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.Combine(UploadDirectory(uploadId), PartsFolder);
        var name = $"{partNumber}-{Guid.NewGuid():N}";
        FileStream file;
        string temp;
        long mark;
        try
        {
            mark = _storage.DurabilityMark();
            PrivateFiles.CreateDirectory(directory);
            temp = _storage.NewTempPath($".{uploadId.Value}-{name}.tmp");
            file = new FileStream(temp, PrivateFiles.NewFile(64 * 1024));
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw _storage.WriteFault(exception);
        }

        var grid = assumedOffset is { } offset ? new GridChunkDigests(offset) : null;
        return Task.FromResult<IStagedPartWriter>(new StagedPartWriter(_storage, file, temp, Path.Combine(directory, name + ".part"), grid, mark));
    }

    public Task AdvanceAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        try
        {
            Extend(uploadId, descriptor, parts, cancellationToken);
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw _storage.WriteFault(exception);
        }

        return Task.CompletedTask;
    }

    public Task<DsnStoredContent> FinishAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        // The parts stay staged (the content links them) until the upload is discarded: a Complete retried after a
        // failure (a full disk, once space is freed) finds everything it needs.
        FileDagBuilder builder;
        try
        {
            builder = Extend(uploadId, descriptor, parts, cancellationToken);
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw _storage.WriteFault(exception);
        }

        var paths = parts.Select(p => PartPath(uploadId, p)).ToList();

        // Parts assembled ahead are not read again, but the content links them all: each must still be here.
        for (var i = 0; i < parts.Count; i++)
        {
            if (!File.Exists(paths[i]))
            {
                throw PartNotHere(parts[i]);
            }
        }

        return _storage.CommitSegmentsAsync(paths, builder.Finish(), cancellationToken);
    }

    public async Task<Md5Digest> ComputeMd5Async(UploadId uploadId, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var part in parts)
            {
                await using var source = OpenPart(uploadId, part, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                }
            }
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw _storage.ReadFault(exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Md5Digest.FromBytes(md5.GetHashAndReset());
    }

    public Task DiscardAsync(UploadId uploadId, CancellationToken cancellationToken)
    {
        var directory = UploadDirectory(uploadId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string UploadDirectory(UploadId uploadId) => Path.Combine(_root, uploadId.Value);

    /// <summary>The ids of the uploads that have a staging directory (see <see cref="LocalStoreRecovery"/>).</summary>
    internal IReadOnlyList<string> StagedUploadIds() =>
        Directory.Exists(_root) ? [.. new DirectoryInfo(_root).EnumerateDirectories().Select(d => d.Name)] : [];

    /// <summary>Removes the staging of uploads that are no longer open.</summary>
    /// <returns>How many files were removed and their bytes.</returns>
    internal (int Files, long Bytes) RemoveStaging(IEnumerable<string> uploadIds)
    {
        var files = 0;
        long bytes = 0;
        foreach (var id in uploadIds)
        {
            var directory = new DirectoryInfo(Path.Combine(_root, id));
            if (!directory.Exists)
            {
                continue;
            }

            var (count, size) = LocalDsnStorage.Measure(directory);
            _storage.DeleteQuietly(directory.FullName);
            directory.Refresh();
            if (!directory.Exists)
            {
                files += count;
                bytes += size;
            }
        }

        return (files, bytes);
    }

    /// <summary>
    /// Brings the assembly to exactly <paramref name="parts"/>: keeps the hashed chunks of the longest prefix already
    /// assembled, hashes the rest of the parts, and saves the progress (a cache: see <see cref="AssemblyState"/>).
    /// </summary>
    private FileDagBuilder Extend(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        // No parts directory: none of the parts were staged here, and creating the assembly would leave a stray
        // directory in a data directory that does not hold this upload.
        if (parts.Count > 0 && !Directory.Exists(Path.Combine(UploadDirectory(uploadId), PartsFolder)))
        {
            throw PartNotHere(parts[0]);
        }

        var directory = Path.Combine(UploadDirectory(uploadId), AssemblyFolder);
        PrivateFiles.CreateDirectory(directory);
        var options = JsonSerializer.Serialize(descriptor.Options);
        var (state, savedDigests) = AssemblyState.Load(directory) is { } loaded && loaded.State.Name == descriptor.Name && loaded.State.Options == options
            ? loaded
            : (AssemblyState.Empty(descriptor.Name, options), []);

        var kept = 0;
        while (kept < state.Parts.Count && kept < parts.Count && state.Parts[kept] == parts[kept])
        {
            kept++;
        }

        var offset = state.Parts.Take(kept).Sum(p => p.Size);

        // The chunks wholly before the offset keep their digests; the bytes after them are the pending chunk, read
        // back from the parts that hold them.
        var keptChunks = offset == 0 ? 0 : (int)((offset - 1) / DagLimits.ChunkSize);
        var digests = savedDigests.AsSpan(0, keptChunks * CidEncoding.DigestLength);
        var pendingStart = (long)keptChunks * DagLimits.ChunkSize;
        var pending = ReadRange(uploadId, parts.Take(kept).ToList(), pendingStart, (int)(offset - pendingStart));
        var builder = FileDagBuilder.Resume(descriptor.Name, descriptor.Options, digests, pending);
        if (kept == state.Parts.Count && kept == parts.Count)
        {
            return builder;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var partOffset = offset;
            foreach (var part in parts.Skip(kept))
            {
                cancellationToken.ThrowIfCancellationRequested();
                AppendPart(uploadId, part, partOffset, builder, buffer);
                partOffset += part.Size;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var allDigests = new byte[builder.HashedChunkCount * CidEncoding.DigestLength];
        for (var i = 0; i < builder.HashedChunkCount; i++)
        {
            builder.GetChunkDigest(i).CopyTo(allDigests.AsSpan(i * CidEncoding.DigestLength));
        }

        using (var chunks = new FileStream(Path.Combine(directory, ChunksFile), PrivateFiles.Create(FileMode.OpenOrCreate, 64 * 1024)))
        {
            chunks.Position = digests.Length;
            chunks.Write(allDigests.AsSpan(digests.Length));
            chunks.SetLength(allDigests.Length);
        }

        new AssemblyState(descriptor.Name, options, [.. parts], builder.BytesAppended, builder.HashedChunkCount, AssemblyState.HashOf(allDigests))
            .Save(directory);
        return builder;
    }

    private string PartPath(UploadId uploadId, StagedPartRef part) => Path.Combine(UploadDirectory(uploadId), PartsFolder, part.StagedName);

    /// <summary>Opens a staged part for reading; a part that is not in this data directory is <see cref="PartNotHere"/>.</summary>
    private FileStream OpenPart(UploadId uploadId, StagedPartRef part, int bufferSize, FileOptions options)
    {
        try
        {
            return new FileStream(PartPath(uploadId, part), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw PartNotHere(part, exception);
        }
    }

    /// <summary>
    /// A part recorded by the database but missing from this data directory: most likely another gateway received it
    /// into its own data directory, which the local store cannot reach. Nothing is corrupt, so this is not an internal
    /// error: a retry may reach the gateway that has the part, and sharing the data directory is the fix.
    /// </summary>
    private static DomainException PartNotHere(StagedPartRef part, Exception? cause = null)
    {
        var message = $"Part {part.Number} of this upload is not in this gateway's data directory: gateways that use the local store must all share one data directory.";
        return cause is null ? new DomainException(ErrorKind.ServiceUnavailable, message) : new DomainException(ErrorKind.ServiceUnavailable, message, cause);
    }

    /// <summary>Reads <paramref name="length"/> bytes from <paramref name="start"/> of the concatenation of <paramref name="parts"/>.</summary>
    private byte[] ReadRange(UploadId uploadId, IReadOnlyList<StagedPartRef> parts, long start, int length)
    {
        var bytes = new byte[length];
        var filled = 0;
        long partStart = 0;
        foreach (var part in parts)
        {
            var partEnd = partStart + part.Size;
            if (filled < length && partEnd > start + filled)
            {
                using var file = OpenPart(uploadId, part, 1, FileOptions.None);
                file.Position = start + filled - partStart;
                var take = (int)Math.Min(length - filled, partEnd - (start + filled));
                file.ReadExactly(bytes, filled, take);
                filled += take;
            }

            partStart = partEnd;
        }

        return filled == length
            ? bytes
            : throw new InvalidDataException($"The staged parts of upload {uploadId} hold fewer bytes than their assembly recorded.");
    }

    /// <summary>
    /// Adds a part at its offset: with the chunk digests it computed while streaming, when they were computed for this
    /// offset, reading only the bytes around them (the head before the first chunk boundary, the last chunk and the
    /// tail); otherwise reading and hashing the whole part.
    /// </summary>
    private void AppendPart(UploadId uploadId, StagedPartRef part, long partOffset, FileDagBuilder builder, byte[] buffer)
    {
        var path = PartPath(uploadId, part);
        using var source = OpenPart(uploadId, part, 1, FileOptions.SequentialScan);
        if (source.Length != part.Size)
        {
            throw new InvalidDataException($"Staged part {part.Number} of upload {uploadId} has {source.Length} bytes; {part.Size} were recorded.");
        }

        if (PartGridFile.TryRead(path + PartGridFile.Extension, partOffset, part.Size) is { Count: >= 2 } grid)
        {
            // All but the last hashed chunk: the bytes after them go through the builder, which decides the last one.
            var used = grid.Count - 1;
            var head = grid.FirstBoundary - partOffset;
            var afterUsed = head + ((long)used * DagLimits.ChunkSize);
            Hash(source, 0, head, builder, buffer);
            builder.AppendHashedChunks(grid.Digests.AsSpan(0, used * CidEncoding.DigestLength));
            Hash(source, afterUsed, part.Size - afterUsed, builder, buffer);
            return;
        }

        Hash(source, 0, part.Size, builder, buffer);
    }

    private static void Hash(FileStream source, long start, long length, FileDagBuilder builder, byte[] buffer)
    {
        source.Position = start;
        while (length > 0)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(BufferSize, length));
            if (read == 0)
            {
                throw new EndOfStreamException("A staged part ended early.");
            }

            builder.Append(buffer.AsSpan(0, read));
            length -= read;
        }
    }
}
