using AutoDrive.Application.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// One content being written to the local store: bytes go to a temporary file and through the DAG builder in
/// the same call, then <see cref="CommitAsync"/> makes the file durable and files it under its CID.
/// File writes are synchronous on purpose: a page-cache write of a large buffer is short, and measured on this
/// platform synchronous writes of 1 MiB buffers were the fastest path. Large buffers are hashed on another
/// thread meanwhile. After a failed write the writer only discards. A file-system failure (disk full, I/O error)
/// is answered as <see cref="StorageFault"/> says; disposing an uncommitted writer removes its temporary file
/// whatever state the file is in.
/// </summary>
internal sealed class LocalDsnContentWriter : IDsnContentWriter
{
    /// <summary>Buffers from this size are written and hashed in parallel.</summary>
    private const int ParallelThreshold = 256 * 1024;

    /// <summary>Every this many bytes, the kernel is asked to start writing them to disk (see <see cref="Writeback"/>).</summary>
    private const long WritebackInterval = 8 * 1024 * 1024;

    private readonly LocalDsnStorage _storage;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly FileDagBuilder _builder;
    private readonly long _durabilityMark;
    private long _writebackStart;
    private bool _failed;
    private bool _fileClosed;
    private bool _committed;
    private bool _disposed;

    /// <summary><paramref name="durabilityMark"/> is the store's <see cref="LocalDsnStorage.DurabilityMark"/>, taken before the first write.</summary>
    public LocalDsnContentWriter(LocalDsnStorage storage, string tempPath, FileStream file, FileDagBuilder builder, long durabilityMark)
    {
        _storage = storage;
        _tempPath = tempPath;
        _file = file;
        _builder = builder;
        _durabilityMark = durabilityMark;
    }

    public long BytesWritten => _builder.BytesAppended;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        EnsureOpen();
        if (data.Length >= ParallelThreshold)
        {
            return WriteAndHashInParallelAsync(data);
        }

        try
        {
            _file.Write(data.Span);
            _builder.Append(data.Span);
            StartWritebackWhenDue();
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            _failed = true;
            throw _storage.WriteFault(exception);
        }
        catch
        {
            _failed = true;
            throw;
        }

        return ValueTask.CompletedTask;
    }

    public async Task<DsnStoredContent> CommitAsync(CancellationToken cancellationToken)
    {
        EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _file.FlushAsync(cancellationToken);

            // With group commit the store makes the file durable together with other writers' (one syncfs, awaited,
            // which also reports a late allocation failure); otherwise it is fsynced here. On file systems that
            // allocate late (ext4, XFS) a full disk shows at this point rather than at the write.
            if (!_storage.GroupCommit)
            {
                _file.Flush(flushToDisk: true);
            }
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            _failed = true;
            throw _storage.WriteFault(exception);
        }

        await _file.DisposeAsync();
        _fileClosed = true;
        var dag = _builder.Finish();
        var stored = await _storage.CommitAsync(_tempPath, dag, _durabilityMark, cancellationToken);
        _committed = true;
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_fileClosed)
            {
                await _file.DisposeAsync();
            }
        }
        catch (Exception exception) when (!_committed && StorageFault.IsFileSystemFailure(exception))
        {
            // Closing flushes what the FileStream still buffers, which fails again on a full disk; the handle is
            // closed regardless, and the file is discarded below, so the failure that matters is the one already
            // reported (not this one, which would replace it).
        }
        finally
        {
            if (!_committed)
            {
                _storage.Discard(_tempPath);
            }
        }
    }

    /// <summary>
    /// Hashes on a thread-pool thread while this one copies the bytes to the file: on two cores a large buffer
    /// costs the longer of the two instead of their sum. Both finish before the caller gets its buffer back.
    /// </summary>
    private async ValueTask WriteAndHashInParallelAsync(ReadOnlyMemory<byte> data)
    {
        var hashing = Task.Run(() => _builder.Append(data.Span), CancellationToken.None);
        try
        {
            try
            {
                _file.Write(data.Span);
                StartWritebackWhenDue();
            }
            finally
            {
                await hashing;
            }
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            _failed = true;
            throw _storage.WriteFault(exception);
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private void StartWritebackWhenDue()
    {
        var written = _file.Position;
        if (written - _writebackStart >= WritebackInterval)
        {
            // The FileStream's own buffer is bypassed for large writes; flush it so the range is in the kernel.
            _file.Flush(flushToDisk: false);
            Writeback.Start(_file.SafeFileHandle, _writebackStart, written - _writebackStart);
            _writebackStart = written;
        }
    }

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed)
        {
            throw new InvalidOperationException("A write failed: the file and its DAG may disagree, so the content cannot be committed.");
        }

        if (_fileClosed)
        {
            throw new InvalidOperationException("The content is already committed (or its commit failed).");
        }
    }
}
