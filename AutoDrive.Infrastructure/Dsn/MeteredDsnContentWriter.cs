using System.Diagnostics;
using AutoDrive.Application.Content;

namespace AutoDrive.Infrastructure.Dsn;

/// <summary>
/// A content writer whose write time is summed over its writes and recorded once (at commit, or when discarded), and
/// whose commit is timed on its own: one histogram sample per content, not one per buffer.
/// </summary>
internal sealed class MeteredDsnContentWriter(IDsnContentWriter inner, DsnStoreMetrics metrics) : IDsnContentWriter
{
    private long _writeTicks;
    private bool _writeFailed;
    private bool _writeRecorded;

    public long BytesWritten => inner.BytesWritten;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var written = false;
        try
        {
            await inner.WriteAsync(data, cancellationToken);
            written = true;
        }
        finally
        {
            _writeTicks += Stopwatch.GetTimestamp() - started;
            _writeFailed |= !written;
        }
    }

    public async Task<DsnStoredContent> CommitAsync(CancellationToken cancellationToken)
    {
        RecordWrites();
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            var stored = await inner.CommitAsync(cancellationToken);
            succeeded = true;
            return stored;
        }
        finally
        {
            metrics.Record("commit", started, succeeded);
        }
    }

    public ValueTask DisposeAsync()
    {
        RecordWrites();
        return inner.DisposeAsync();
    }

    private void RecordWrites()
    {
        if (_writeRecorded)
        {
            return;
        }

        _writeRecorded = true;
        metrics.RecordElapsed("write", Stopwatch.GetElapsedTime(0, _writeTicks), !_writeFailed);
    }
}
