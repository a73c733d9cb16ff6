using System.Buffers;
using System.Text.Json;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Dsn.Dag;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// Multipart staging in the local store, under <c>&lt;root&gt;/staging/&lt;upload id&gt;/</c>: <c>parts/</c> holds
/// each part as uploaded (fsynced; a re-upload is a new file), <c>assembly/</c> the parts appended so far in order
/// (<c>content.bin</c>), the digests of their hashed chunks (<c>chunks.bin</c>) and <see cref="AssemblyState"/>.
/// Every path derives from the upload id, so instances sharing the data directory (shared storage) find each
/// other's parts. Finishing hashes only what was not assembled ahead, then files <c>content.bin</c> under its CID
/// by a rename: no copy of the object while the client waits.
/// </summary>
internal sealed class LocalMultipartStaging : IMultipartStaging
{
    public const string ContentFile = "content.bin";
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

    public Task<IStagedPartWriter> BeginPartAsync(UploadId uploadId, int partNumber, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.Combine(UploadDirectory(uploadId), PartsFolder);
        Directory.CreateDirectory(directory);
        var name = $"{partNumber}-{Guid.NewGuid():N}";
        var temp = Path.Combine(directory, $".{name}.tmp");
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        return Task.FromResult<IStagedPartWriter>(new StagedPartWriter(file, temp, Path.Combine(directory, name + ".part")));
    }

    public Task AdvanceAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        Extend(uploadId, descriptor, parts, cancellationToken);
        return Task.CompletedTask;
    }

    public Task<DsnStoredContent> FinishAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        var builder = Extend(uploadId, descriptor, parts, cancellationToken);
        var directory = Path.Combine(UploadDirectory(uploadId), AssemblyFolder);

        // The content file leaves the assembly: forget the state first, so a retried Complete starts over.
        File.Delete(Path.Combine(directory, AssemblyState.FileName));
        return Task.FromResult(_storage.Commit(Path.Combine(directory, ContentFile), builder.Finish()));
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

    /// <summary>
    /// Makes the assembly hold exactly <paramref name="parts"/>: keeps the longest prefix already assembled, cuts the
    /// rest, appends and hashes the missing parts, and saves the state once the data is durable.
    /// </summary>
    private FileDagBuilder Extend(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(UploadDirectory(uploadId), AssemblyFolder);
        Directory.CreateDirectory(directory);
        var options = JsonSerializer.Serialize(descriptor.Options);
        var state = AssemblyState.Load(directory) is { } saved && saved.Name == descriptor.Name && saved.Options == options
            ? saved
            : AssemblyState.Empty(descriptor.Name, options);

        var kept = 0;
        while (kept < state.Parts.Count && kept < parts.Count && state.Parts[kept] == parts[kept])
        {
            kept++;
        }

        var offset = state.Parts.Take(kept).Sum(p => p.Size);

        // The chunks wholly before the offset keep their digests; the bytes after them are the pending chunk.
        var keptChunks = offset == 0 ? 0 : (int)((offset - 1) / DagLimits.ChunkSize);
        var contentPath = Path.Combine(directory, ContentFile);
        var chunksPath = Path.Combine(directory, ChunksFile);
        using var content = new FileStream(contentPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
        using var chunks = new FileStream(chunksPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 64 * 1024);

        var digests = new byte[keptChunks * CidEncoding.DigestLength];
        chunks.ReadExactly(digests);
        var pending = new byte[offset - ((long)keptChunks * DagLimits.ChunkSize)];
        content.Position = (long)keptChunks * DagLimits.ChunkSize;
        content.ReadExactly(pending);
        var builder = FileDagBuilder.Resume(descriptor.Name, descriptor.Options, digests, pending);

        // Bytes past the kept parts (cut parts, or a write a crash interrupted) are not the object's.
        content.SetLength(offset);
        if (kept == state.Parts.Count && kept == parts.Count)
        {
            return builder;
        }

        content.Position = offset;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var part in parts.Skip(kept))
            {
                cancellationToken.ThrowIfCancellationRequested();
                AppendPart(uploadId, part, content, builder, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        content.Flush(flushToDisk: true);
        chunks.SetLength(digests.Length);
        chunks.Position = digests.Length;
        for (var i = keptChunks; i < builder.HashedChunkCount; i++)
        {
            chunks.Write(builder.GetChunkDigest(i));
        }

        chunks.Flush(flushToDisk: true);
        new AssemblyState(descriptor.Name, options, [.. parts], builder.BytesAppended, builder.HashedChunkCount).Save(directory);
        return builder;
    }

    private void AppendPart(UploadId uploadId, StagedPartRef part, FileStream content, FileDagBuilder builder, byte[] buffer)
    {
        var path = Path.Combine(UploadDirectory(uploadId), PartsFolder, part.StagedName);
        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (source.Length != part.Size)
        {
            throw new InvalidDataException($"Staged part {part.Number} of upload {uploadId} has {source.Length} bytes; {part.Size} were recorded.");
        }

        int read;
        while ((read = source.Read(buffer, 0, BufferSize)) > 0)
        {
            content.Write(buffer, 0, read);
            builder.Append(buffer.AsSpan(0, read));
        }
    }
}
