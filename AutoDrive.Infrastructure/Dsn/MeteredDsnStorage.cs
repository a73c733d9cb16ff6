using System.Diagnostics;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn;

/// <summary>
/// The DSN port as registered: the configured adapter, with the time of every call recorded in
/// <see cref="DsnStoreMetrics"/>. A cancelled call counts as an error: it did not do its work. Reads are timed until the
/// stream is open (the copy to the client is the request's own time).
/// </summary>
internal sealed class MeteredDsnStorage(IDsnStorage inner, DsnStoreMetrics metrics) : IDsnStorage
{
    public async Task<IDsnContentWriter> BeginWriteAsync(ContentDescriptor descriptor, CancellationToken cancellationToken)
    {
        var writer = await TimeAsync("begin_write", () => inner.BeginWriteAsync(descriptor, cancellationToken));
        return new MeteredDsnContentWriter(writer, metrics);
    }

    public Task<Stream?> OpenReadAsync(Cid cid, long offset, long length, CancellationToken cancellationToken) =>
        TimeAsync("open_read", () => inner.OpenReadAsync(cid, offset, length, cancellationToken));

    public Task<bool> ExistsAsync(Cid cid, CancellationToken cancellationToken) =>
        TimeAsync("exists", () => inner.ExistsAsync(cid, cancellationToken));

    public Task<DsnStoredContent> StoreFolderAsync(FolderDescriptor folder, CancellationToken cancellationToken) =>
        TimeAsync("store_folder", () => inner.StoreFolderAsync(folder, cancellationToken));

    public Task<DsnFileLayout?> DescribeFileAsync(Cid cid, CancellationToken cancellationToken) =>
        TimeAsync("describe_file", () => inner.DescribeFileAsync(cid, cancellationToken));

    public Task<DsnContentStatus?> GetStatusAsync(Cid cid, CancellationToken cancellationToken) =>
        TimeAsync("get_status", () => inner.GetStatusAsync(cid, cancellationToken));

    private async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            var result = await call();
            succeeded = true;
            return result;
        }
        finally
        {
            metrics.Record(operation, started, succeeded);
        }
    }
}
