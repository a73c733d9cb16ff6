using AutoDrive.Application.Objects;
using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Native;

/// <summary>
/// A download through the native API: a file's stored bytes (all, or <see cref="Range"/>), 416 for a range outside
/// them, or a folder's files (<see cref="Archive"/>, streamed one by one with <see cref="OpenEntryAsync"/>). The caller
/// disposes it.
/// </summary>
public sealed class NativeDownload(
    NativeObjectRow obj,
    Stream? content,
    ByteRange? range,
    ReadOutcome outcome,
    IReadOnlyList<ArchiveEntry>? archive,
    Func<ArchiveEntry, CancellationToken, Task<Stream>>? openEntry) : IAsyncDisposable
{
    public NativeObjectRow Item { get; } = obj;

    public Stream? Content { get; } = content;

    public ByteRange? Range { get; } = range;

    public ReadOutcome Outcome { get; } = outcome;

    /// <summary>A folder's files with their paths inside it, in tree order; null for a file.</summary>
    public IReadOnlyList<ArchiveEntry>? Archive { get; } = archive;

    public Task<Stream> OpenEntryAsync(ArchiveEntry entry, CancellationToken cancellationToken) =>
        (openEntry ?? throw new InvalidOperationException("Only a folder download has entries."))(entry, cancellationToken);

    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>A file of a downloaded folder: its path inside the folder, and what is stored.</summary>
public sealed record ArchiveEntry(string Path, Cid Cid, long Size, UploadOptions Options);
