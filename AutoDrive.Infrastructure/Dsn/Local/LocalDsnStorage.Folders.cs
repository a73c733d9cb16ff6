using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// Folders and metadata in the local store. A folder is <c>content/&lt;shard&gt;/&lt;cid&gt;.folder</c>: the nodes its DAG
/// adds (inlinks, then the root), framed by <see cref="FolderNodeFraming"/>; written to a temporary file,
/// flushed, then renamed into place, so a stored folder is always complete.
/// </summary>
public sealed partial class LocalDsnStorage
{
    private const string FolderExtension = ".folder";

    /// <inheritdoc />
    public Task<DsnStoredContent> StoreFolderAsync(FolderDescriptor folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        cancellationToken.ThrowIfCancellationRequested();
        var dag = FolderDagBuilder.Build(folder.Name, folder.Children.Sum(c => c.Size), folder.Children.Select(c => c.Cid).ToList());
        var (shard, content, _) = PathsOf(dag.RootCid);
        var path = content + FolderExtension;
        if (File.Exists(path))
        {
            return Task.FromResult(new DsnStoredContent(dag.RootCid, folder.Children.Sum(c => c.Size), dag.NodeCount, WasAlreadyStored: true));
        }

        var temp = NewTempPath(FolderExtension + ".part");
        try
        {
            EnsureDurableDirectory(shard, _contentRoot);
            using (var file = new FileStream(temp, PrivateFiles.NewFile(WriteBufferSize)))
            {
                file.Write(FolderNodeFraming.Frame(dag.Nodes));
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            DirectorySync.Flush(shard);
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            DeleteQuietly(temp);
            throw WriteFault(exception);
        }
        return Task.FromResult(new DsnStoredContent(dag.RootCid, folder.Children.Sum(c => c.Size), dag.NodeCount, WasAlreadyStored: false));
    }

    /// <inheritdoc />
    public async Task<DsnFileLayout?> DescribeFileAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (await GetDagAsync(cid, cancellationToken) is not { } dag)
        {
            return null;
        }

        if (dag.IsSingleNode)
        {
            return new DsnFileLayout(dag.NodeCount, 1, [new DsnChunk(dag.RootCid, dag.Size)]);
        }

        var count = dag.ChunkCids.Count;
        return new DsnFileLayout(dag.NodeCount, count, Chunks());

        IEnumerable<DsnChunk> Chunks()
        {
            for (var i = 0; i < count; i++)
            {
                var size = i < count - 1 ? DagLimits.ChunkSize : dag.Size - ((long)(count - 1) * DagLimits.ChunkSize);
                yield return new DsnChunk(dag.ChunkCids[i], size);
            }
        }
    }

    /// <summary>
    /// Everything in the local store is stored durably as soon as it is committed: every node is handed over and archived.
    /// (The network adapter reports the network's own progress.)
    /// </summary>
    public async Task<DsnContentStatus?> GetStatusAsync(Cid cid, CancellationToken cancellationToken)
    {
        long nodes;
        if (FolderPath(cid) is { } folder && File.Exists(folder))
        {
            nodes = CountFolderNodes(folder);
        }
        else if (await GetDagAsync(cid, cancellationToken) is { } dag)
        {
            nodes = dag.NodeCount;
        }
        else
        {
            return null;
        }

        return new DsnContentStatus(nodes, nodes, nodes);
    }

    /// <summary>The encoded nodes a stored folder adds (inlinks, then its root), or null when it is not stored.</summary>
    public async Task<IReadOnlyList<byte[]>?> ReadFolderNodesAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (FolderPath(cid) is not { } path || !File.Exists(path))
        {
            return null;
        }

        return FolderNodeFraming.Unframe(await File.ReadAllBytesAsync(path, cancellationToken));
    }

    private string? FolderPath(Cid cid) => TryGetContentPath(cid, out var path) ? path + FolderExtension : null;

    private static long CountFolderNodes(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> length = stackalloc byte[FolderNodeFraming.LengthSize];
        long count = 0;
        while (file.Position < file.Length)
        {
            file.ReadExactly(length);
            file.Seek(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length), SeekOrigin.Current);
            count++;
        }

        return count;
    }
}
