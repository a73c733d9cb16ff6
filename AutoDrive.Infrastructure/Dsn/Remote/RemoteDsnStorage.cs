using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// The DSN port on the Auto Drive network, through its native API (<see cref="AutoDriveApiClient"/>) with the gateway's own
/// key. Files are stored with the SDK's chunked upload under their file name and options, so the remote computes the
/// same CID (checked) and the uploads appear in the remote account's own listings; reads are ranged downloads of just the
/// bytes asked. No byte of content is kept on this machine. Folder DAG nodes are not file uploads the native API could
/// take without sending every file of the folder again: they are kept in the shared database (<see cref="IFolderNodeStore"/>),
/// their files on the network.
/// </summary>
public sealed class RemoteDsnStorage : IDsnStorage
{
    private readonly AutoDriveApiClient _client;
    private readonly IFolderNodeStore _folders;
    private readonly AutoDriveApiOptions _options;
    private readonly ILogger<RemoteDsnStorage> _logger;

    public RemoteDsnStorage(AutoDriveApiClient client, IFolderNodeStore folders, IOptions<AutoDriveApiOptions> options, ILogger<RemoteDsnStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _folders = folders;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The name is longer than 255 UTF-8 bytes.</exception>
    public async Task<IDsnContentWriter> BeginWriteAsync(ContentDescriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var builder = new FileDagBuilder(descriptor.Name, descriptor.Options);
        var uploadId = await _client.CreateFileUploadAsync(descriptor.Name, descriptor.MimeType, descriptor.Options, cancellationToken);
        return new RemoteDsnContentWriter(_client, uploadId, builder, _options, _logger, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(Cid cid, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
        {
            // No range to ask for: an empty read of a stored content.
            return await ExistsAsync(cid, cancellationToken) ? new MemoryStream([], writable: false) : null;
        }

        var response = await _client.DownloadAsync(cid, offset, length, cancellationToken);
        if (response is null)
        {
            return null;
        }

        try
        {
            return await RemoteRangeStream.OpenAsync(response, offset, length, _options.ReadIdleTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            response.Dispose();
            throw new DomainException(
                ErrorKind.ServiceUnavailable, "The storage network did not send the content. Please retry.", exception);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(Cid cid, CancellationToken cancellationToken) =>
        await _folders.GetNodeCountAsync(cid, cancellationToken) is not null
        || await _client.GetStatusAsync(cid, cancellationToken) is not null;

    /// <inheritdoc />
    public async Task<DsnStoredContent> StoreFolderAsync(FolderDescriptor folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var size = folder.Children.Sum(c => c.Size);
        var dag = FolderDagBuilder.Build(folder.Name, size, folder.Children.Select(c => c.Cid).ToList());
        var added = await _folders.SaveAsync(dag.RootCid, dag.Nodes, cancellationToken);
        return new DsnStoredContent(dag.RootCid, size, dag.NodeCount, WasAlreadyStored: !added);
    }

    /// <inheritdoc />
    public async Task<DsnFileLayout?> DescribeFileAsync(Cid cid, CancellationToken cancellationToken)
    {
        var metadata = await _client.GetMetadataAsync(cid, cancellationToken);
        if (metadata is null || !string.Equals(metadata.Type, "file", StringComparison.Ordinal))
        {
            return null;
        }

        var status = await _client.GetStatusAsync(cid, cancellationToken);
        var chunks = (metadata.Chunks ?? [])
            .Where(c => Cid.IsValid(c.Cid))
            .Select(c => new DsnChunk(Cid.Parse(c.Cid), c.Size))
            .ToList();
        return new DsnFileLayout(status?.TotalNodes ?? chunks.Count, chunks.Count, chunks);
    }

    /// <inheritdoc />
    /// <remarks>Files report the network's own progress; a folder's nodes are in the database, so they count as stored.</remarks>
    public async Task<DsnContentStatus?> GetStatusAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (await _folders.GetNodeCountAsync(cid, cancellationToken) is { } nodes)
        {
            return new DsnContentStatus(nodes, nodes, nodes);
        }

        return await _client.GetStatusAsync(cid, cancellationToken) is { } status
            ? new DsnContentStatus(status.TotalNodes, status.UploadedNodes, status.ArchivedNodes)
            : null;
    }
}
