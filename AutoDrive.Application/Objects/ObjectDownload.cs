namespace AutoDrive.Application.Objects;

/// <summary>
/// An object being read: its description and, when <see cref="Outcome"/> is <see cref="ReadOutcome.Content"/>, a
/// stream of the requested bytes (all of them, or <see cref="Range"/>). The caller disposes the stream.
/// </summary>
public sealed record ObjectDownload(ObjectDescription Description, Stream? Content, ByteRange? Range, ReadOutcome Outcome) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;
}
