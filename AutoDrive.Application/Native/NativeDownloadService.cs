using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Native;

/// <summary>
/// Native downloads: by CID for the owner, anyone it is shared with, and (when published) anyone authenticated; and by
/// a publication's id for anyone, without authentication. The bytes are the stored ones, as uploaded (compressed and/or
/// encrypted by the client). A metered download (the reader has a download limit) is charged the bytes it is about to
/// send; a public download is charged to its publisher.
/// </summary>
public sealed class NativeDownloadService(
    NativeObjectService objects,
    INativeObjectQuery query,
    IPublicationRepository publications,
    ICreditLedger credits,
    IDsnStorage dsn)
{
    public async Task<NativeDownload> DownloadAsync(Guid userId, bool metered, string cid, RangeRequest? range, CancellationToken cancellationToken)
    {
        var access = await objects.RequireReadableAsync(userId, cid, cancellationToken);
        return await OpenAsync(access.Content!, metered ? userId : null, range, cancellationToken);
    }

    public async Task<NativeDownload> DownloadPublishedAsync(string publicationId, RangeRequest? range, CancellationToken cancellationToken)
    {
        var publication = Domain.Native.Publication.IsWellFormedId(publicationId)
            ? await publications.FindAsync(publicationId, cancellationToken)
            : null;
        if (publication is null)
        {
            throw new DomainException(ErrorKind.NotFound, "No such published object (it may have been unpublished).");
        }

        var access = await query.GetAccessAsync(null, Cid.Parse(publication.Cid), cancellationToken);
        var content = access.Content ?? throw new DomainException(ErrorKind.NotFound, "No such published object.");
        return await OpenAsync(content, publication.UserId, range, cancellationToken);
    }

    private async Task<NativeDownload> OpenAsync(StoredContent content, Guid? chargeTo, RangeRequest? requested, CancellationToken cancellationToken)
    {
        var row = NativeObjectRow.From(content);
        var cid = Cid.Parse(content.Cid);
        if (content.Kind == ContentKind.Folder)
        {
            var entries = await ListFilesAsync(cid, string.Empty, cancellationToken);
            if (chargeTo is { } payer)
            {
                await credits.ChargeDownloadOrRefuseAsync(payer, entries.Sum(e => e.Size), cancellationToken);
            }

            return new NativeDownload(row, null, null, ReadOutcome.Content, entries, OpenEntryAsync);
        }

        ByteRange? range = null;
        if (requested is not null)
        {
            if (!requested.TryResolve(content.Size, out var resolved))
            {
                return new NativeDownload(row, null, null, ReadOutcome.RangeNotSatisfiable, null, null);
            }

            range = resolved;
        }

        var (offset, length) = range is { } r ? (r.First, r.Length) : (0L, content.Size);
        if (chargeTo is { } reader)
        {
            await credits.ChargeDownloadOrRefuseAsync(reader, length, cancellationToken);
        }

        var stream = await dsn.OpenReadAsync(cid, offset, length, cancellationToken) ?? throw Unreachable();
        return new NativeDownload(row, stream, range, ReadOutcome.Content, null, null);
    }

    private async Task<Stream> OpenEntryAsync(ArchiveEntry entry, CancellationToken cancellationToken) =>
        await dsn.OpenReadAsync(entry.Cid, 0, entry.Size, cancellationToken) ?? throw Unreachable();

    /// <summary>Every file under a folder, depth first in link order, with its path inside the folder.</summary>
    private async Task<List<ArchiveEntry>> ListFilesAsync(Cid folder, string prefix, CancellationToken cancellationToken)
    {
        var files = new List<ArchiveEntry>();
        foreach (var entry in await query.ListFolderEntriesAsync(folder, cancellationToken))
        {
            var path = prefix + entry.Name;
            if (entry.Kind == ContentKind.Folder)
            {
                files.AddRange(await ListFilesAsync(entry.Cid, path + "/", cancellationToken));
                continue;
            }

            var access = await query.GetAccessAsync(null, entry.Cid, cancellationToken);
            files.Add(new ArchiveEntry(path, entry.Cid, entry.Size, access.Content?.Options ?? UploadOptions.None));
        }

        return files;
    }

    private static DomainException Unreachable() =>
        new(ErrorKind.ServiceUnavailable, "The object's content is not reachable on the storage network right now. Please retry.");
}
