using AutoDrive.Application.Multipart;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// A part being staged: a temporary file, made durable and renamed to its staged name on commit; and, when the
/// part's offset in the object can be guessed, the digests of the chunks it holds (<see cref="GridChunkDigests"/>).
/// The temporary file is in the store's <see cref="LocalDsnStorage.TempDirectory"/> (same file system, so the rename
/// is atomic), where a crash's leftovers are found at the next start. A file-system failure is answered as
/// <see cref="StorageFault"/> says, and nothing of the part stays behind. With group commit
/// (<see cref="LocalDsnStorage.GroupCommit"/>) the part is made durable by the store's shared flush instead of an
/// fsync of its own: one flush before the rename, one after it, for the <c>durabilityMark</c> taken before the
/// first write (<see cref="LocalDsnStorage.DurabilityMark"/>).
/// </summary>
internal sealed class StagedPartWriter(LocalDsnStorage storage, FileStream file, string tempPath, string finalPath, GridChunkDigests? grid, long durabilityMark) : IStagedPartWriter
{
    private const long WritebackInterval = 8 * 1024 * 1024;

    private long _writebackStart;
    private bool _committed;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            file.Write(data.Span);
            grid?.Append(data.Span);
            var written = file.Position;
            if (written - _writebackStart >= WritebackInterval)
            {
                file.Flush(flushToDisk: false);
                Writeback.Start(file.SafeFileHandle, _writebackStart, written - _writebackStart);
                _writebackStart = written;
            }
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            throw storage.WriteFault(exception);
        }

        return ValueTask.CompletedTask;
    }

    public async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await file.FlushAsync(cancellationToken);
            if (!storage.GroupCommit)
            {
                file.Flush(flushToDisk: true);
            }

            var length = file.Length;
            await file.DisposeAsync();
            if (storage.GroupCommit)
            {
                // The part's bytes reach the disk before it appears under its staged name. (A cancelled wait leaves
                // only the temporary file, which disposing removes: the grid file is written after it.)
                await storage.FlushGroupAsync(durabilityMark, cancellationToken);
            }

            if (grid is not null)
            {
                PartGridFile.Write(finalPath + PartGridFile.Extension, grid, length);
            }

            File.Move(tempPath, finalPath, overwrite: false);
            _committed = true;
            if (storage.GroupCommit)
            {
                await storage.FlushGroupAsync(durabilityMark, CancellationToken.None);
            }
            else
            {
                DirectorySync.Flush(Path.GetDirectoryName(finalPath)!);
            }
        }
        catch (Exception exception) when (StorageFault.IsFileSystemFailure(exception))
        {
            if (_committed)
            {
                // Renamed but not made durable: the part is not acknowledged, so it must not be found either.
                storage.DeleteQuietly(finalPath);
                _committed = false;
            }

            if (grid is not null)
            {
                storage.DeleteQuietly(finalPath + PartGridFile.Extension);
            }

            throw storage.WriteFault(exception);
        }

        return Path.GetFileName(finalPath);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await file.DisposeAsync();
        }
        catch (Exception exception) when (!_committed && StorageFault.IsFileSystemFailure(exception))
        {
            // The flush of what is still buffered fails again on a full disk; the handle is closed regardless and
            // the part is discarded below. The failure already reported is the one that counts.
        }

        if (!_committed)
        {
            storage.DeleteQuietly(tempPath);
        }
    }
}
