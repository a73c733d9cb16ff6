using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn.Dag;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// The embedded content-addressed store. Layout under <see cref="LocalDsnStorageOptions.RootDirectory"/>:
/// <c>content/&lt;cid[8..10]&gt;/&lt;cid&gt;</c> holds the raw bytes of a content (S3 reads and ranges seek in
/// it), <c>&lt;cid&gt;.dag</c> beside it the DAG manifest that regenerates every node for native/DSN access, and
/// <c>tmp/</c> the uploads in progress. A content file appears by an atomic rename after its bytes and its
/// manifest are on stable storage, so a stored CID is always complete. Identical content is stored once.
/// </summary>
public sealed partial class LocalDsnStorage : IDsnStorage
{
    private const string ContentFolder = "content";
    private const string TempFolder = "tmp";
    private const string ManifestExtension = ".dag";

    /// <summary>A content kept as segment files (a multipart object's parts) is a directory of this name.</summary>
    private const string SegmentsExtension = ".parts";
    private const int WriteBufferSize = 64 * 1024;

    /// <summary>Characters of the CID naming the shard directory: the first two that vary freely (the first 7
    /// are the fixed prefix <c>bafkr6i</c>; the 8th takes only 8 values).</summary>
    private const int ShardStart = 8;
    private const int ShardLength = 2;

    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    private readonly string _contentRoot;
    private readonly string _tempRoot;
    private readonly string _root;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LocalDsnStorage> _logger;
    private int _directoriesReady;

    public LocalDsnStorage(IOptions<LocalDsnStorageOptions> options, TimeProvider timeProvider, ILogger<LocalDsnStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.Value.RootDirectory))
        {
            throw new ArgumentException("The DSN store needs a root directory.", nameof(options));
        }

        _root = Path.GetFullPath(options.Value.RootDirectory);
        _contentRoot = Path.Combine(_root, ContentFolder);
        _tempRoot = Path.Combine(_root, TempFolder);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The name is longer than 255 UTF-8 bytes.</exception>
    public Task<IDsnContentWriter> BeginWriteAsync(ContentDescriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        cancellationToken.ThrowIfCancellationRequested();
        var builder = new FileDagBuilder(descriptor.Name, descriptor.Options);
        PrepareDirectories();
        var tempPath = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N") + ".part");
        var file = new FileStream(tempPath, PrivateFiles.NewFile(WriteBufferSize));
        return Task.FromResult<IDsnContentWriter>(new LocalDsnContentWriter(this, tempPath, file, builder));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within the content.</exception>
    public Task<Stream?> OpenReadAsync(Cid cid, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        cancellationToken.ThrowIfCancellationRequested();
        if (OpenContent(cid) is not { } file)
        {
            return Task.FromResult<Stream?>(null);
        }

        var size = file.Length;
        if (offset > size || length > size - offset)
        {
            file.Dispose();
            throw new ArgumentOutOfRangeException(
                nameof(length), $"The range {offset}+{length} is outside the {size} bytes of content {cid}.");
        }

        return Task.FromResult<Stream?>(new ContentRangeStream(file, offset, length));
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(Cid cid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(TryGetContentPath(cid, out var path) && (IsStored(path) || File.Exists(path + FolderExtension)));
    }

    /// <summary>The DAG of a stored content (its CIDs, size, name and options), or null when it is not stored.</summary>
    /// <exception cref="InvalidDataException">The manifest is corrupt.</exception>
    public async Task<FileDag?> GetDagAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (!TryGetContentPath(cid, out var path) || !IsStored(path))
        {
            return null;
        }

        byte[] manifest;
        try
        {
            manifest = await File.ReadAllBytesAsync(path + ManifestExtension, cancellationToken);
        }
        catch (FileNotFoundException exception)
        {
            throw new InvalidDataException($"Content {cid} is stored without its DAG manifest.", exception);
        }

        var dag = DagManifestFile.Read(manifest);
        if (dag.RootCid != cid)
        {
            throw new InvalidDataException($"The DAG manifest of {cid} describes {dag.RootCid}.");
        }

        return dag;
    }

    /// <summary>
    /// Opens a stored content for reading its DAG nodes by CID (as the DSN serves them), or null when it is not
    /// stored. Dispose the reader when done.
    /// </summary>
    /// <exception cref="InvalidDataException">The manifest is corrupt or does not fit the content.</exception>
    public async Task<DagNodeReader?> OpenDagAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (await GetDagAsync(cid, cancellationToken) is not { } dag || OpenContent(cid) is not { } file)
        {
            return null;
        }

        if (file.Length != dag.Size)
        {
            await file.DisposeAsync();
            throw new InvalidDataException($"Content {cid} has {file.Length} bytes; its DAG says {dag.Size}.");
        }

        return new DagNodeReader(dag, file);
    }

    /// <summary>Files a fully written and flushed temporary file under the CID of <paramref name="dag"/>.</summary>
    internal DsnStoredContent Commit(string tempPath, FileDag dag)
    {
        PrepareDirectories();
        var cid = dag.RootCid;
        var shard = Path.Combine(_contentRoot, cid.Value.Substring(ShardStart, ShardLength));
        var contentPath = Path.Combine(shard, cid.Value);
        var manifestPath = contentPath + ManifestExtension;
        if (File.Exists(contentPath))
        {
            File.Delete(tempPath);
            if (!File.Exists(manifestPath))
            {
                // Repair a store whose manifest was lost: this upload knows the whole DAG.
                WriteManifest(dag, manifestPath, shard);
            }

            return new DsnStoredContent(cid, dag.Size, dag.NodeCount, WasAlreadyStored: true);
        }

        EnsureDurableDirectory(shard, _contentRoot);
        WriteManifest(dag, manifestPath, shard: null);

        bool alreadyStored;
        try
        {
            // Without overwrite, the move fails when a concurrent writer of the same CID got there first.
            File.Move(tempPath, contentPath, overwrite: false);
            alreadyStored = false;
        }
        catch (IOException) when (File.Exists(contentPath))
        {
            File.Delete(tempPath);
            alreadyStored = true;
        }

        DirectorySync.Flush(shard);
        return new DsnStoredContent(cid, dag.Size, dag.NodeCount, alreadyStored);
    }

    /// <summary>
    /// Files a content made of flushed segment files (in order) under the CID of <paramref name="dag"/> without
    /// copying them: each gets a hard link in a directory that appears by an atomic rename. The segment files keep
    /// their own names (the caller removes them once it no longer needs them), so a failure at any point leaves
    /// them intact for a retry.
    /// </summary>
    internal DsnStoredContent CommitSegments(IReadOnlyList<string> segmentPaths, FileDag dag)
    {
        ArgumentNullException.ThrowIfNull(segmentPaths);
        PrepareDirectories();
        var cid = dag.RootCid;
        var shard = Path.Combine(_contentRoot, cid.Value.Substring(ShardStart, ShardLength));
        var contentPath = Path.Combine(shard, cid.Value);
        var manifestPath = contentPath + ManifestExtension;
        if (IsStored(contentPath))
        {
            if (!File.Exists(manifestPath))
            {
                WriteManifest(dag, manifestPath, shard);
            }

            return new DsnStoredContent(cid, dag.Size, dag.NodeCount, WasAlreadyStored: true);
        }

        EnsureDurableDirectory(shard, _contentRoot);
        WriteManifest(dag, manifestPath, shard: null);
        var building = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N") + SegmentsExtension);
        PrivateFiles.CreateDirectory(building);
        for (var i = 0; i < segmentPaths.Count; i++)
        {
            HardLink.Create(segmentPaths[i], Path.Combine(building, i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));
        }

        DirectorySync.Flush(building);
        bool alreadyStored;
        try
        {
            Directory.Move(building, contentPath + SegmentsExtension);
            alreadyStored = false;
        }
        catch (IOException) when (IsStored(contentPath))
        {
            Directory.Delete(building, recursive: true);
            alreadyStored = true;
        }

        DirectorySync.Flush(shard);
        return new DsnStoredContent(cid, dag.Size, dag.NodeCount, alreadyStored);
    }

    /// <summary>Deletes the temporary file of a content that was not committed.</summary>
    internal void Discard(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDiscardFailed(exception, tempPath);
        }
    }

    /// <summary>The path of a content, when <paramref name="cid"/> is a CID this store can hold.</summary>
    private bool TryGetContentPath(Cid cid, out string path)
    {
        Span<byte> digest = stackalloc byte[CidEncoding.DigestLength];
        if (cid.Value is null || !CidEncoding.TryGetDigest(cid, digest))
        {
            path = string.Empty;
            return false;
        }

        path = Path.Combine(_contentRoot, cid.Value.Substring(ShardStart, ShardLength), cid.Value);
        return true;
    }

    /// <summary>Whether a content is stored at this path: as one file, or as a directory of segments.</summary>
    private static bool IsStored(string contentPath) =>
        File.Exists(contentPath) || Directory.Exists(contentPath + SegmentsExtension);

    private Stream? OpenContent(Cid cid)
    {
        if (!TryGetContentPath(cid, out var path))
        {
            return null;
        }

        if (Directory.Exists(path + SegmentsExtension))
        {
            return SegmentedContentStream.Open(path + SegmentsExtension);
        }

        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Creates the store's directories and removes stale temporary files, once per instance.</summary>
    private void PrepareDirectories()
    {
        if (Volatile.Read(ref _directoriesReady) != 0)
        {
            return;
        }

        // Others may not list or read the store: the root is 0700 (tightened if it is older), files 0600.
        PrivateFiles.CreateDirectory(_root);
        EnsureDurableDirectory(_contentRoot, _root);
        EnsureDurableDirectory(_tempRoot, _root);
        if (Interlocked.Exchange(ref _directoriesReady, 1) == 0)
        {
            RemoveStaleTempFiles();
        }
    }

    /// <summary>Temporary files of uploads that a crash interrupted: untouched for an hour.</summary>
    private void RemoveStaleTempFiles()
    {
        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - StaleTempAge;
        foreach (var file in new DirectoryInfo(_tempRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff)
            {
                continue;
            }

            try
            {
                file.Delete();
                LogStaleTempRemoved(file.FullName);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogStaleTempNotRemoved(exception, file.FullName);
            }
        }
    }

    /// <summary>Writes a manifest durably: to a temporary file, flushed, then renamed into place.</summary>
    private void WriteManifest(FileDag dag, string manifestPath, string? shard)
    {
        var manifestTemp = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N") + ".dag.part");
        DagManifestFile.Write(dag, manifestTemp);
        File.Move(manifestTemp, manifestPath, overwrite: true);
        if (shard is not null)
        {
            DirectorySync.Flush(shard);
        }
    }

    private static void EnsureDurableDirectory(string directory, string parent)
    {
        if (!Directory.Exists(directory))
        {
            PrivateFiles.CreateDirectory(directory);
            DirectorySync.Flush(parent);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the discarded upload file {Path}; it will be removed as stale later.")]
    private partial void LogDiscardFailed(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the stale upload file {Path}.")]
    private partial void LogStaleTempRemoved(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the stale upload file {Path}.")]
    private partial void LogStaleTempNotRemoved(Exception exception, string path);
}
