using System.Globalization;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
using AutoDrive.Application.Multipart;
using AutoDrive.Application.Objects;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Native;

/// <summary>
/// Uploads through the native Auto Drive API, as the official SDK sends them. A file's chunks are staged durably by index
/// (any order, retries welcome) where every gateway instance finds them, and assembled into the file's DAG in the
/// background as they arrive; completing stores them in index order as one content, charged to the uploader's credits,
/// and maps it into S3 (bucket <c>default</c>, key = the file name). A folder declares its tree first; each of its files
/// is an upload of its own; completing the folder builds its DAG from the files' CIDs in tree order and maps every file
/// into S3 under <c>default/&lt;folder&gt;/&lt;path&gt;</c>. A native upload of a name that is already a key re-points
/// the key, as an S3 re-upload would; the earlier content stays stored and reachable by its CID.
/// </summary>
public sealed class NativeUploadService(
    INativeUploadRepository uploads,
    IUploadChunkRepository chunks,
    IUserRepository users,
    IMultipartStaging staging,
    IUploadLocks locks,
    IMultipartAssemblyScheduler scheduler,
    IStoredContentRepository contents,
    IDsnStorage dsn,
    ObjectKeyMapper keyMapper,
    IUnitOfWork unitOfWork,
    TimeProvider time)
{
    public async Task<UploadInfo> CreateFileAsync(CreateFileUploadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var upload = NativeUpload.StartFile(UploadId.New(), command.OwnerId, RequireName(command.Filename), command.MimeType, command.Options, time.GetUtcNow());
        return await AddAsync(upload, cancellationToken);
    }

    public async Task<UploadInfo> CreateFolderAsync(CreateFolderUploadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tree = FolderTree.From(command.Tree ?? throw new DomainException(ErrorKind.InvalidArgument, "A folder upload needs its fileTree."));
        var upload = NativeUpload.StartFolder(UploadId.New(), command.OwnerId, tree, command.Options, time.GetUtcNow());
        return await AddAsync(upload, cancellationToken);
    }

    public async Task<UploadInfo> CreateFolderFileAsync(CreateFolderFileCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var folder = await FindOwnedAsync(command.FolderUploadId, command.OwnerId, cancellationToken);
        if (string.IsNullOrEmpty(command.RelativeId))
        {
            throw new DomainException(ErrorKind.InvalidArgument, "A file of a folder upload names its relativeId in the folder's tree.");
        }

        var member = folder.StartMember(UploadId.New(), RequireName(command.Name), command.MimeType, command.RelativeId, command.Options, time.GetUtcNow());
        return await AddAsync(member, cancellationToken);
    }

    /// <summary>
    /// Stages a chunk (streamed, never held in memory) and records it under its index. The same bytes sent again for an
    /// index are accepted (a retry); other bytes for an index already taken are refused, and nothing changes.
    /// </summary>
    public async Task UploadChunkAsync(UploadChunkCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var upload = await FindOwnedAsync(command.UploadId, command.OwnerId, cancellationToken);
        upload.EnsureAcceptsChunks();
        var id = UploadId.Parse(upload.Id);

        var known = command.IndexBeforeBody is null ? (int?)null : ParseIndex(command.IndexBeforeBody);
        var (highest, firstSize) = await chunks.GetProgressAsync(id, cancellationToken);
        var assumed = known ?? (highest ?? -1) + 1;

        BodyDigests digests;
        string stagedName;
        int index;
        await using (var writer = await staging.BeginPartAsync(id, assumed + 1, GuessOffset(assumed, firstSize), cancellationToken))
        {
            digests = await ContentIngestor.PumpAsync(
                new IngestRequest(command.Body, null, IngestLimits.MaxObjectSize, null),
                writer,
                cancellationToken);
            index = known ?? ParseIndex(await command.ReadIndexAfterBody(cancellationToken)
                ?? throw new DomainException(ErrorKind.InvalidArgument, "A chunk needs its index (a form field 'index')."));
            stagedName = await writer.CommitAsync(cancellationToken);
        }

        var receipt = await chunks.TryAddAsync(UploadChunk.Receive(upload, index, digests.Length, digests.Md5, stagedName, time.GetUtcNow()), cancellationToken);
        if (!receipt.UploadPending)
        {
            throw new DomainException(ErrorKind.InvalidRequest, "This upload is already being completed, or is complete.");
        }

        if (receipt.Existing is { } existing && !existing.IsSameAs(digests.Length, digests.Md5))
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                $"Chunk {index} was already received with other bytes; a chunk index is sent once (or again with the same bytes).");
        }

        scheduler.Schedule(id, StagedUploadKind.NativeFile);
    }

    /// <summary>
    /// Completes an upload and answers its CID. Completing a completed upload answers the same CID. A file with a missing
    /// chunk, or beyond the caller's credits, is refused and stays open (nothing is stored); a folder needs every file of
    /// its tree completed first.
    /// </summary>
    public async Task<Cid> CompleteAsync(CompleteUploadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = UploadId.Parse(command.UploadId);
        await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken)
            ?? throw new DomainException(ErrorKind.ConflictingOperation, "Another completion of this upload is in progress. Please retry.");

        var upload = await FindOwnedAsync(command.UploadId, command.OwnerId, cancellationToken);
        if (upload.Status == NativeUploadStatus.Completed)
        {
            return Cid.Parse(upload.Cid);
        }

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindAsync(id, ct) ?? throw UploadNotFound();
                current.BeginCompletion(time.GetUtcNow());
                return true;
            },
            cancellationToken);

        try
        {
            return upload.Kind == NativeUploadKind.Folder
                ? await CompleteFolderAsync(id, upload, cancellationToken)
                : await CompleteFileAsync(id, upload, command.PendingUploadCredits, cancellationToken);
        }
        catch (DomainException)
        {
            // Refused on the client's input (a missing chunk or file, no credits left): the upload stays open.
            await unitOfWork.ExecuteAsync(
                async ct =>
                {
                    (await uploads.FindAsync(id, ct))?.Reopen(time.GetUtcNow());
                    return true;
                },
                CancellationToken.None);
            throw;
        }
    }

    /// <summary>Assembles the upload's contiguous chunks ahead of its completion (called in the background).</summary>
    public async Task AdvanceAssemblyAsync(UploadId id, CancellationToken cancellationToken)
    {
        await using var assembly = await locks.TryAcquireAssemblyAsync(id, cancellationToken);
        if (assembly is null)
        {
            return;
        }

        var upload = await uploads.FindAsync(id, cancellationToken);
        if (upload is null || upload.Status != NativeUploadStatus.Pending || upload.Kind != NativeUploadKind.File)
        {
            return;
        }

        var contiguous = (await chunks.ListAsync(id, cancellationToken))
            .TakeWhile((c, i) => c.Index == i)
            .Select(Part)
            .ToList();
        if (contiguous.Count > 0)
        {
            await staging.AdvanceAsync(id, new ContentDescriptor(upload.Name, upload.Options), contiguous, cancellationToken);
        }
    }

    /// <summary>Forgets uploads idle for longer than <paramref name="idleAge"/> and frees what they staged.</summary>
    public async Task<int> ExpireAsync(TimeSpan idleAge, CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var id in await uploads.FindIdleAsync(time.GetUtcNow() - idleAge, 1000, cancellationToken))
        {
            await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken);
            if (completion is null)
            {
                continue;
            }

            await uploads.DeleteAsync(id, cancellationToken);
            await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
            {
                await staging.DiscardAsync(id, cancellationToken);
            }

            expired++;
        }

        return expired;
    }

    private async Task<Cid> CompleteFileAsync(UploadId id, NativeUpload upload, long? pendingUploadCredits, CancellationToken cancellationToken)
    {
        var received = await chunks.ListAsync(id, cancellationToken);
        for (var i = 0; i < received.Count; i++)
        {
            if (received[i].Index != i)
            {
                throw new DomainException(ErrorKind.InvalidArgument, $"Chunk {i} of this upload is missing: chunks are numbered from 0 without gaps.");
            }
        }

        var size = received.Sum(c => c.Size);
        CreditRules.EnsureUploadFits(pendingUploadCredits, size);
        var descriptor = new ContentDescriptor(upload.Name, upload.Options, upload.MimeType);
        var parts = received.Select(Part).ToList();
        DsnStoredContent stored;
        Md5Digest md5;
        await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
        {
            stored = await staging.FinishAsync(id, descriptor, parts, cancellationToken);
            md5 = await staging.ComputeMd5Async(id, parts, cancellationToken);
        }

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindAsync(id, ct) ?? throw UploadNotFound();
                await keyMapper.RecordUploadAsync(current.OwnerId, stored, descriptor, current.MimeType, asRoot: current.FolderId is null, ct);
                if (current.FolderId is null)
                {
                    await MapIntoS3Async(current.OwnerId, ObjectKey.Parse(current.Name), stored.Cid, stored.Size, md5, current.MimeType, current.Options, ct);
                }

                current.Complete(stored.Cid, stored.Size, md5, time.GetUtcNow());
                return true;
            },
            cancellationToken);

        await staging.DiscardAsync(id, cancellationToken);
        return stored.Cid;
    }

    private async Task<Cid> CompleteFolderAsync(UploadId id, NativeUpload folder, CancellationToken cancellationToken)
    {
        var tree = folder.Tree ?? throw new InvalidOperationException("A folder upload has a tree.");
        var members = (await uploads.ListCompletedMembersAsync(id, cancellationToken))
            .Where(m => m.RelativeId is not null)
            .GroupBy(m => m.RelativeId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.UpdatedAt).First(), StringComparer.Ordinal);
        var missing = tree.Files.Where(f => !members.ContainsKey(f.Id)).Select(f => f.Path).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                $"{missing.Count} file(s) of this folder are not uploaded and completed yet, e.g. \"{missing[0]}\".");
        }

        var folders = new List<(StoredContent Folder, IReadOnlyList<FolderEntry> Entries, bool IsRoot)>();
        var now = time.GetUtcNow();
        var root = await StoreFolderAsync(tree.Root, isRoot: true);

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var current = await uploads.FindAsync(id, ct) ?? throw UploadNotFound();
                foreach (var (stored, entries, isRoot) in folders)
                {
                    var cid = Cid.Parse(stored.Cid);
                    await contents.RecordFolderAsync(stored, entries, ct);
                    await contents.RecordAsync(
                        stored,
                        isRoot ? ContentOwnership.Grant(cid, current.OwnerId, now) : ContentOwnership.GrantMember(cid, current.OwnerId, now),
                        ct);
                }

                foreach (var file in tree.Files)
                {
                    var member = members[file.Id];
                    await MapIntoS3Async(
                        current.OwnerId, ObjectKey.Parse(file.Path), Cid.Parse(member.Cid), member.Size!.Value, member.Md5!.Value, member.MimeType, member.Options, ct);
                }

                current.Complete(root.Cid, root.Size, null, time.GetUtcNow());
                return true;
            },
            cancellationToken);
        return root.Cid;

        // Children first, in tree order: a folder's CID is built from its children's.
        async Task<(Cid Cid, long Size)> StoreFolderAsync(FolderTreeNode node, bool isRoot)
        {
            var entries = new List<FolderEntry>(node.Children.Count);
            foreach (var child in node.Children)
            {
                var (cid, size, kind) = child.Type == FolderTreeNodeType.Folder
                    ? await StoreChildFolderAsync(child)
                    : (Cid.Parse(members[child.Id].Cid), members[child.Id].Size!.Value, ContentKind.File);
                entries.Add(new FolderEntry(entries.Count, cid, kind, child.Name, size));
            }

            var total = entries.Sum(e => e.Size);
            var stored = await dsn.StoreFolderAsync(
                new FolderDescriptor(node.Name, entries.Select(e => new FolderChild(e.Cid, e.Size)).ToList()), cancellationToken);
            folders.Add((StoredContent.RecordFolder(stored.Cid, node.Name, total, stored.NodeCount, now), entries, isRoot));
            return (stored.Cid, total);
        }

        async Task<(Cid, long, ContentKind)> StoreChildFolderAsync(FolderTreeNode node)
        {
            var (cid, size) = await StoreFolderAsync(node, isRoot: false);
            return (cid, size, ContentKind.Folder);
        }
    }

    /// <summary>Points the owner's key in bucket <c>default</c> at the content, as an S3 PutObject of the same bytes would.</summary>
    private Task<ObjectMapping> MapIntoS3Async(
        Guid ownerId, ObjectKey key, Cid cid, long size, Md5Digest md5, string? mimeType, UploadOptions options, CancellationToken cancellationToken) =>
        keyMapper.MapAsync(
            ownerId,
            BucketName.Default,
            key,
            new ObjectContent(cid, size, md5),
            new ContentHeaders(mimeType, null, null, null, null, null),
            UserMetadata.From(UploadOptionsReader.ToMetadata(options)),
            null,
            cancellationToken);

    private async Task<UploadInfo> AddAsync(NativeUpload upload, CancellationToken cancellationToken)
    {
        var owner = await users.FindByIdAsync(upload.OwnerId, cancellationToken) ?? throw new DomainException(ErrorKind.UnknownApiKey, "Unknown user.");
        await unitOfWork.ExecuteAsync(
            ct =>
            {
                uploads.Add(upload);
                return Task.FromResult(true);
            },
            cancellationToken);
        return UploadInfo.From(upload, owner.PublicId);
    }

    /// <summary>The caller's upload; an unknown id or someone else's upload is not found.</summary>
    private async Task<NativeUpload> FindOwnedAsync(string uploadId, Guid ownerId, CancellationToken cancellationToken)
    {
        var upload = UploadId.TryParse(uploadId, out var id) ? await uploads.FindAsync(id, cancellationToken) : null;
        return upload is not null && upload.OwnerId == ownerId ? upload : throw UploadNotFound();
    }

    private static StagedPartRef Part(UploadChunk chunk) => new(chunk.Index + 1, chunk.StagedName, chunk.Size);

    /// <summary>Where a chunk probably starts: clients send equal chunks, so its index times the size of chunk 0.</summary>
    private static long? GuessOffset(int index, long? firstChunkSize) =>
        index == 0 ? 0 : firstChunkSize is > 0 ? index * firstChunkSize : null;

    private static int ParseIndex(string value) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index is >= 0 and < UploadChunk.MaxChunks
            ? index
            : throw new DomainException(ErrorKind.InvalidArgument, $"A chunk index is an integer from 0 to {UploadChunk.MaxChunks - 1}.");

    private static string RequireName(string? name) =>
        string.IsNullOrEmpty(name) ? throw new DomainException(ErrorKind.InvalidArgument, "An upload needs a file name.") : name;

    private static DomainException UploadNotFound() => new(ErrorKind.UploadNotFound, "No such upload.");
}
