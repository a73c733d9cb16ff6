using AutoDrive.Application.Multipart;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>A part being staged: a temporary file, made durable and renamed to its staged name on commit.</summary>
internal sealed class StagedPartWriter(FileStream file, string tempPath, string finalPath) : IStagedPartWriter
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
        await file.DisposeAsync();
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
