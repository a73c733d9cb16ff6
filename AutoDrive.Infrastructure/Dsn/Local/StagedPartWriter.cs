using AutoDrive.Application.Multipart;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// A part being staged: a temporary file, made durable and renamed to its staged name on commit; and, when the
/// part's offset in the object can be guessed, the digests of the chunks it holds (<see cref="GridChunkDigests"/>).
/// </summary>
internal sealed class StagedPartWriter(FileStream file, string tempPath, string finalPath, GridChunkDigests? grid) : IStagedPartWriter
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

        file.Write(data.Span);
        grid?.Append(data.Span);
        var written = file.Position;
        if (written - _writebackStart >= WritebackInterval)
        {
            file.Flush(flushToDisk: false);
            Writeback.Start(file.SafeFileHandle, _writebackStart, written - _writebackStart);
            _writebackStart = written;
        }

        return ValueTask.CompletedTask;
    }

    public async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
        var length = file.Length;
        await file.DisposeAsync();
        if (grid is not null)
        {
            PartGridFile.Write(finalPath + PartGridFile.Extension, grid, length);
        }

        File.Move(tempPath, finalPath, overwrite: false);
        DirectorySync.Flush(Path.GetDirectoryName(finalPath)!);
        _committed = true;
        return Path.GetFileName(finalPath);
    }

    public async ValueTask DisposeAsync()
    {
        await file.DisposeAsync();
        if (!_committed)
        {
            File.Delete(tempPath);
        }
    }
}
