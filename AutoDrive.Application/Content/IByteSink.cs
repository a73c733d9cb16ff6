namespace AutoDrive.Application.Content;

/// <summary>Where a streamed body's bytes go, in order; the caller may reuse its buffer once a write completes.</summary>
public interface IByteSink
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
