namespace AutoDrive.Application.Objects;

/// <summary>
/// An object being read: its description and a stream of the requested bytes (all of them, or
/// <see cref="Range"/>); or, when the conditional headers said so, only its description and
/// <see cref="NotModified"/> (no content). The caller disposes the stream.
/// </summary>
public sealed record ObjectDownload(ObjectDescription Description, Stream? Content, ByteRange? Range) : IAsyncDisposable
{
    public bool NotModified => Content is null;

    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;
}
