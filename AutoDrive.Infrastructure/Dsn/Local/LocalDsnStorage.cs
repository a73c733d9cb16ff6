using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
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
/// <c>tmp/&lt;instance&gt;/</c> the uploads in progress of one running server (see <see cref="TempDirectory"/>). A
/// content file appears by an atomic rename after its bytes and its manifest are on stable storage, so a stored CID
/// is always complete. Identical content is stored once. A file-system failure (disk full, I/O error, read-only) is
/// answered as <see cref="StorageFault"/> says, with the temporary files of the failed write removed.
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

    /// <summary>The lock file in an instance's temporary directory, held open (exclusively) while the instance runs.</summary>
    internal const string OwnerLockFile = ".owner";

    private readonly string _contentRoot;
    private readonly string _tempRoot;
    /// <summary>
    /// The temporary directory this process owns in each store root it uses, with the open lock file that proves it.
    /// Held for the life of the process on purpose: the lock must last as long as anything of the process may still
    /// write there, and the kernel releases it when the process ends, however it ends.
    /// </summary>
    private static readonly Dictionary<string, (string Directory, FileStream Lock)> OwnedTempDirectories = new(StringComparer.Ordinal);

    private string _instanceTemp = string.Empty;
    private readonly string _root;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LocalDsnStorage> _logger;
    private int _directoriesReady;
    private readonly bool _groupCommit;
    private GroupFlush? _groupFlush;

    public LocalDsnStorage(IOptions<LocalDsnStorageOptions> options, TimeProvider timeProvider, ILogger<LocalDsnStorage> logger)
        : this(options, timeProvider, logger, groupFlush: null)
    {
    }

    /// <summary>
    /// A store that makes its writes durable through <paramref name="groupFlush"/> (tests hold its syncs on a gate or
    /// make them fail); null chooses as configured: the store root's <see cref="GroupFlush"/> when
    /// <see cref="LocalDsnStorageOptions.GroupCommit"/> is on and the platform is Linux, else an fsync per file.
    /// </summary>
    internal LocalDsnStorage(IOptions<LocalDsnStorageOptions> options, TimeProvider timeProvider, ILogger<LocalDsnStorage> logger, GroupFlush? groupFlush)
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
        _groupFlush = groupFlush;
        _groupCommit = groupFlush is not null || (options.Value.GroupCommit && OperatingSystem.IsLinux());
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The name is longer than 255 UTF-8 bytes.</exception>
    public Task<IDsnContentWriter> BeginWriteAsync(ContentDescriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        cancellationToken.ThrowIfCancellationRequested();
        var builder = new FileDagBuilder(descriptor.Name, descriptor.Options);
        string tempPath;
        FileStream file;
        long mark;
        try
        {
            mark = DurabilityMark();
            tempPath = NewTempPath(".part");
            file = new FileStream(tempPath, PrivateFiles.NewFile(WriteBufferSize));
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw WriteFault(exception);
        }

        return Task.FromResult<IDsnContentWriter>(new LocalDsnContentWriter(this, tempPath, file, builder, mark));
    }

    /// <summary>
    /// This instance's directory of temporary files, under <c>tmp/</c>: a directory per running server, named at
    /// random, holding an exclusively locked <see cref="OwnerLockFile"/> for as long as the server runs. Servers
    /// sharing the data directory thus tell a live server's uploads in progress from those a crash left behind: a
    /// directory whose lock can be taken belongs to no running server (see <see cref="LocalStoreRecovery"/>).
    /// </summary>
    internal string TempDirectory
    {
        get
        {
            PrepareDirectories();
            return _instanceTemp;
        }
    }

    /// <summary>A new path in <see cref="TempDirectory"/> (not created).</summary>
    internal string NewTempPath(string extension)
    {
        PrepareDirectories();
        return Path.Combine(_instanceTemp, Guid.NewGuid().ToString("N") + extension);
    }

    /// <summary>Logs a failed write and returns the client-safe error for it.</summary>
    internal DomainException WriteFault(Exception exception)
    {
        var fault = StorageFault.ForWrite(exception);
        LogStorageFault(exception, fault.Message);
        return fault;
    }

    /// <summary>Logs a failed read and returns the client-safe error for it.</summary>
    internal DomainException ReadFault(Exception exception)
    {
        var fault = StorageFault.ForRead(exception);
        LogStorageFault(exception, fault.Message);
        return fault;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within the content.</exception>
    public Task<Stream?> OpenReadAsync(Cid cid, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        cancellationToken.ThrowIfCancellationRequested();
        Stream? file;
        try
        {
            file = OpenContent(cid);
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw ReadFault(exception);
        }

        if (file is null)
        {
            return Task.FromResult<Stream?>(null);
        }

        // Callers ask for ranges within the size recorded with the object, so a range past the end of the file means
        // the file is shorter than it was when stored: damaged on disk. Answered as such, never as fewer bytes.
        var size = file.Length;
        if (offset > size || length > size - offset)
        {
            file.Dispose();
            LogDamagedContent(cid.Value, size, offset + length);
            throw StorageFault.Damaged(cid.Value);
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

    /// <summary>
    /// Whether writes are made durable by the store root's <see cref="GroupFlush"/> (awaited, shared with every write
    /// waiting at the time) rather than by an fsync of each file and directory.
    /// </summary>
    internal bool GroupCommit => _groupCommit;

    /// <summary>What a writer takes before its first write and passes to <see cref="FlushGroupAsync"/> (see <see cref="GroupFlush.Mark"/>).</summary>
    internal long DurabilityMark() => _groupCommit ? Group.Mark() : 0;

    /// <summary>
    /// Completes once everything written before the call is durable, by a group flush shared with the other writers;
    /// throws <see cref="IOException"/> when it is not (the caller answers it as a <see cref="WriteFault"/>).
    /// </summary>
    internal Task FlushGroupAsync(long mark, CancellationToken cancellationToken) => Group.FlushAsync(mark, cancellationToken);

    private GroupFlush Group
    {
        get
        {
            if (Volatile.Read(ref _groupFlush) is { } flush)
            {
                return flush;
            }

            // The descriptor the flush syncs through is opened on the root, which must exist first.
            PrepareDirectories();
            flush = GroupFlush.ForRoot(_root, _logger);
            Volatile.Write(ref _groupFlush, flush);
            return flush;
        }
    }

    /// <summary>
    /// Files a fully written temporary file under the CID of <paramref name="dag"/>. Without group commit the caller
    /// has already fsynced it; with group commit it is made durable here, before it is renamed. <paramref name="mark"/>
    /// is the <see cref="DurabilityMark"/> the writer took before its first write.
    /// </summary>
    internal async Task<DsnStoredContent> CommitAsync(string tempPath, FileDag dag, long mark, CancellationToken cancellationToken)
    {
        try
        {
            return _groupCommit ? await CommitFileGroupedAsync(tempPath, dag, mark, cancellationToken) : CommitFile(tempPath, dag);
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw WriteFault(exception);
        }
    }

    private DsnStoredContent CommitFile(string tempPath, FileDag dag)
    {
        PrepareDirectories();
        var cid = dag.RootCid;
        var (shard, contentPath, manifestPath) = PathsOf(cid);
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

        var alreadyStored = !TryPlaceFile(tempPath, contentPath);
        DirectorySync.Flush(shard);
        return new DsnStoredContent(cid, dag.Size, dag.NodeCount, alreadyStored);
    }

    /// <summary>
    /// <see cref="CommitFile"/> with group commit. The content's and the manifest's bytes are made durable by one group
    /// flush before either is renamed into the shard, so a file under a CID is never incomplete; a second flush makes
    /// the renames (and a new shard directory) durable before the caller is answered. Each flush is shared with every
    /// write waiting at that moment, so no request runs an fsync chain of its own.
    /// </summary>
    private async Task<DsnStoredContent> CommitFileGroupedAsync(string tempPath, FileDag dag, long mark, CancellationToken cancellationToken)
    {
        PrepareDirectories();
        var cid = dag.RootCid;
        var (shard, contentPath, manifestPath) = PathsOf(cid);
        if (File.Exists(contentPath))
        {
            File.Delete(tempPath);
            if (!File.Exists(manifestPath))
            {
                await PlaceManifestAsync(dag, manifestPath, shard, mark, cancellationToken);
            }

            // The file found may be a concurrent writer's rename that is not durable yet: this answer waits for it too.
            await FlushGroupAsync(mark, CancellationToken.None);
            return new DsnStoredContent(cid, dag.Size, dag.NodeCount, WasAlreadyStored: true);
        }

        // The manifest's flush covers the content's bytes too (both were written before it).
        await PlaceManifestAsync(dag, manifestPath, shard, mark, cancellationToken);
        var alreadyStored = !TryPlaceFile(tempPath, contentPath);

        // Renamed: the flush that makes it durable is awaited whatever the client does meanwhile.
        await FlushGroupAsync(mark, CancellationToken.None);
        return new DsnStoredContent(cid, dag.Size, dag.NodeCount, alreadyStored);
    }

    /// <summary>The shard directory of a content, its file (or the stem of its segments directory) and its manifest.</summary>
    private (string Shard, string Content, string Manifest) PathsOf(Cid cid)
    {
        var shard = Path.Combine(_contentRoot, cid.Value.Substring(ShardStart, ShardLength));
        var content = Path.Combine(shard, cid.Value);
        return (shard, content, content + ManifestExtension);
    }

    /// <summary>
    /// Renames a content's temporary file to its CID's name; false (and the temporary file removed) when a concurrent
    /// writer of the same CID got there first: without overwrite, the move fails when the target exists.
    /// </summary>
    private static bool TryPlaceFile(string tempPath, string contentPath)
    {
        try
        {
            File.Move(tempPath, contentPath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(contentPath))
        {
            File.Delete(tempPath);
            return false;
        }
    }

    /// <summary>Puts a manifest in place with group commit: written, flushed, renamed (the caller's next flush covers the rename).</summary>
    private async Task PlaceManifestAsync(FileDag dag, string manifestPath, string shard, long mark, CancellationToken cancellationToken)
    {
        var manifestTemp = NewTempPath(".dag.part");
        try
        {
            DagManifestFile.Write(dag, manifestTemp, flushToDisk: false);
            await FlushGroupAsync(mark, cancellationToken);
            CreateShard(shard);
            File.Move(manifestTemp, manifestPath, overwrite: true);
        }
        catch
        {
            DeleteQuietly(manifestTemp);
            throw;
        }
    }

    /// <summary>Creates a shard directory if missing, without an fsync of its parent: with group commit the flush after the renames covers it.</summary>
    private static void CreateShard(string shard)
    {
        if (!Directory.Exists(shard))
        {
            PrivateFiles.CreateDirectory(shard);
        }
    }

    /// <summary>
    /// Files a content made of flushed segment files (in order) under the CID of <paramref name="dag"/> without
    /// copying them: each gets a hard link in a directory that appears by an atomic rename. The segment files keep
    /// their own names (the caller removes them once it no longer needs them), so a failure at any point leaves
    /// them intact for a retry.
    /// </summary>
    internal async Task<DsnStoredContent> CommitSegmentsAsync(IReadOnlyList<string> segmentPaths, FileDag dag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segmentPaths);
        try
        {
            return _groupCommit
                ? await CommitSegmentFilesGroupedAsync(segmentPaths, dag, cancellationToken)
                : CommitSegmentFiles(segmentPaths, dag);
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw WriteFault(exception);
        }
    }

    private DsnStoredContent CommitSegmentFiles(IReadOnlyList<string> segmentPaths, FileDag dag)
    {
        PrepareDirectories();
        var cid = dag.RootCid;
        var (shard, contentPath, manifestPath) = PathsOf(cid);
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
        var building = NewTempPath(SegmentsExtension);
        bool alreadyStored;
        try
        {
            PrivateFiles.CreateDirectory(building);
            LinkSegments(segmentPaths, building);

            DirectorySync.Flush(building);
            alreadyStored = !TryPlaceSegments(building, contentPath);
        }
        finally
        {
            // Only links: removing them leaves the staged parts (the caller's) intact.
            DeleteQuietly(building);
        }

        DirectorySync.Flush(shard);
        return new DsnStoredContent(cid, dag.Size, dag.NodeCount, alreadyStored);
    }

    /// <summary>Hard links to the segment files, in order, in the directory <paramref name="building"/>.</summary>
    private static void LinkSegments(IReadOnlyList<string> segmentPaths, string building)
    {
        for (var i = 0; i < segmentPaths.Count; i++)
        {
            HardLink.Create(segmentPaths[i], Path.Combine(building, i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>
    /// Renames the directory of links into place; false when a concurrent writer of the same CID got there first (the
    /// rename fails when the target exists).
    /// </summary>
    private static bool TryPlaceSegments(string building, string contentPath)
    {
        try
        {
            Directory.Move(building, contentPath + SegmentsExtension);
            return true;
        }
        catch (IOException) when (IsStored(contentPath))
        {
            return false;
        }
    }

    /// <summary>
    /// <see cref="CommitSegmentFiles"/> with group commit: the manifest and the directory of links are made durable by
    /// one group flush before they are renamed into the shard, the renames by a second one (the segment files
    /// themselves were made durable when they were staged).
    /// </summary>
    private async Task<DsnStoredContent> CommitSegmentFilesGroupedAsync(IReadOnlyList<string> segmentPaths, FileDag dag, CancellationToken cancellationToken)
    {
        var mark = DurabilityMark();
        PrepareDirectories();
        var cid = dag.RootCid;
        var (shard, contentPath, manifestPath) = PathsOf(cid);
        if (IsStored(contentPath))
        {
            if (!File.Exists(manifestPath))
            {
                await PlaceManifestAsync(dag, manifestPath, shard, mark, cancellationToken);
            }

            await FlushGroupAsync(mark, CancellationToken.None);
            return new DsnStoredContent(cid, dag.Size, dag.NodeCount, WasAlreadyStored: true);
        }

        var manifestTemp = NewTempPath(".dag.part");
        var building = NewTempPath(SegmentsExtension);
        bool alreadyStored;
        try
        {
            DagManifestFile.Write(dag, manifestTemp, flushToDisk: false);
            PrivateFiles.CreateDirectory(building);
            LinkSegments(segmentPaths, building);

            await FlushGroupAsync(mark, cancellationToken);
            CreateShard(shard);
            File.Move(manifestTemp, manifestPath, overwrite: true);
            alreadyStored = !TryPlaceSegments(building, contentPath);
        }
        finally
        {
            // Gone once renamed; otherwise only a manifest copy and links: removing them leaves the staged parts intact.
            DeleteQuietly(manifestTemp);
            DeleteQuietly(building);
        }

        await FlushGroupAsync(mark, CancellationToken.None);
        return new DsnStoredContent(cid, dag.Size, dag.NodeCount, alreadyStored);
    }

    /// <summary>Removes a temporary file or directory, if any; a failure is logged (the next start removes it).</summary>
    internal void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            LogDiscardFailed(exception, path);
        }
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

        path = PathsOf(cid).Content;
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

                // Unbuffered: readers ask for whole blocks (up to 1 MiB), so a FileStream buffer would only add a copy
                // and an allocation per read.
                BufferSize = 0,
            });
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates the store's directories and this instance's temporary directory with its held lock, once per instance.
    /// </summary>
    internal void PrepareDirectories()
    {
        if (Volatile.Read(ref _directoriesReady) != 0)
        {
            return;
        }

        lock (OwnedTempDirectories)
        {
            if (_directoriesReady != 0)
            {
                return;
            }

            // Others may not list or read the store: the root is 0700 (tightened if it is older), files 0600.
            PrivateFiles.CreateDirectory(_root);
            EnsureDurableDirectory(_contentRoot, _root);
            EnsureDurableDirectory(_tempRoot, _root);
            if (!OwnedTempDirectories.TryGetValue(_root, out var owned) || !Directory.Exists(owned.Directory))
            {
                // Gone (removed from outside, as tests do): start a new one.
                owned.Lock?.Dispose();
                var directory = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));
                PrivateFiles.CreateDirectory(directory);

                // FileShare.None takes an exclusive advisory lock (flock) on Unix: released by the kernel when the
                // process ends, which is what tells a crashed server's directory from a live one's.
                owned = (directory, new FileStream(Path.Combine(directory, OwnerLockFile), PrivateFiles.Create(FileMode.Create)));
                OwnedTempDirectories[_root] = owned;
            }

            _instanceTemp = owned.Directory;
            Volatile.Write(ref _directoriesReady, 1);
        }
    }

    /// <summary>
    /// Removes what interrupted writes left in <c>tmp/</c>: the temporary directories of servers no longer running
    /// (their lock can be taken), and loose files of the earlier layout untouched for an hour (a server of that
    /// version sharing the directory may still be writing the recent ones).
    /// </summary>
    /// <returns>How many files were removed and their bytes.</returns>
    internal (int Files, long Bytes) RemoveInterruptedWrites()
    {
        PrepareDirectories();
        var files = 0;
        long bytes = 0;
        foreach (var directory in new DirectoryInfo(_tempRoot).EnumerateDirectories())
        {
            if (string.Equals(directory.FullName, _instanceTemp, StringComparison.Ordinal) || !TryTakeAbandoned(directory.FullName, out var owner))
            {
                continue;
            }

            using (owner)
            {
                var (count, size) = Measure(directory);
                try
                {
                    foreach (var entry in directory.EnumerateFileSystemInfos())
                    {
                        if (entry.Name != OwnerLockFile)
                        {
                            DeleteEntry(entry);
                        }
                    }
                }
                catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
                {
                    LogStaleTempNotRemoved(exception, directory.FullName);
                    continue;
                }

                files += count;
                bytes += size;
            }

            DeleteQuietly(directory.FullName);
        }

        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - StaleTempAge;
        foreach (var file in new DirectoryInfo(_tempRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff)
            {
                continue;
            }

            try
            {
                var length = file.Length;
                file.Delete();
                files++;
                bytes += length;
            }
            catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
            {
                LogStaleTempNotRemoved(exception, file.FullName);
            }
        }

        return (files, bytes);
    }

    /// <summary>Files (not counting the lock) and bytes under a directory.</summary>
    internal static (int Files, long Bytes) Measure(DirectoryInfo directory)
    {
        var files = 0;
        long bytes = 0;
        foreach (var file in directory.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Name != OwnerLockFile)
            {
                files++;
                bytes += file.Length;
            }
        }

        return (files, bytes);
    }

    private static void DeleteEntry(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory)
        {
            directory.Delete(recursive: true);
        }
        else
        {
            entry.Delete();
        }
    }

    /// <summary>Takes the lock of another instance's temporary directory: only possible when that instance is gone.</summary>
    private static bool TryTakeAbandoned(string directory, out FileStream? owner)
    {
        try
        {
            owner = new FileStream(Path.Combine(directory, OwnerLockFile), FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            // Held: a running server (this one's sharing the directory, or another) owns it.
            owner = null;
            return false;
        }
    }

    /// <summary>Writes a manifest durably: to a temporary file, flushed, then renamed into place.</summary>
    private void WriteManifest(FileDag dag, string manifestPath, string? shard)
    {
        var manifestTemp = NewTempPath(".dag.part");
        try
        {
            DagManifestFile.Write(dag, manifestTemp);
            File.Move(manifestTemp, manifestPath, overwrite: true);
        }
        catch
        {
            DeleteQuietly(manifestTemp);
            throw;
        }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "The local store failed: {Answer}")]
    private partial void LogStorageFault(Exception exception, string answer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content {Cid} is damaged: its file holds {Size} bytes, {Needed} were asked for.")]
    private partial void LogDamagedContent(string cid, long size, long needed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the stale upload file {Path}.")]
    private partial void LogStaleTempNotRemoved(Exception exception, string path);
}
