using System.Security.Cryptography;
using System.Text;
using AutoDrive.Application.Buckets;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
using AutoDrive.Application.Multipart;
using AutoDrive.Application.Native;
using AutoDrive.Application.Objects;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Native;

public class NativeUploadServiceTests
{
    private static readonly Guid Owner = Guid.NewGuid();

    private Mock<INativeUploadRepository> _uploads = null!;
    private Mock<IUploadChunkRepository> _chunks = null!;
    private Mock<IUserRepository> _users = null!;
    private Mock<IMultipartStaging> _staging = null!;
    private Mock<IUploadLocks> _locks = null!;
    private Mock<IMultipartAssemblyScheduler> _scheduler = null!;
    private Mock<IStoredContentRepository> _contents = null!;
    private Mock<IDsnStorage> _dsn = null!;
    private Mock<IObjectMappingRepository> _mappings = null!;
    private Mock<IBucketRepository> _buckets = null!;
    private Mock<ICreditLedger> _credits = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private FakeTimeProvider _time = null!;
    private NativeUploadService _service = null!;

    /// <summary>The status of <see cref="_tracked"/> as each unit of work committed it.</summary>
    private List<NativeUploadStatus> _committed = null!;
    private NativeUpload? _tracked;

    [SetUp]
    public void SetUp()
    {
        _uploads = new Mock<INativeUploadRepository>();
        _chunks = new Mock<IUploadChunkRepository>();
        _chunks.Setup(c => c.GetProgressAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(((int?)null, (long?)null));
        _users = new Mock<IUserRepository>();
        _staging = new Mock<IMultipartStaging>();
        _locks = new Mock<IUploadLocks>();
        _locks.Setup(l => l.TryAcquireCompletionAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        _locks.Setup(l => l.AcquireAssemblyAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        _scheduler = new Mock<IMultipartAssemblyScheduler>();
        _contents = new Mock<IStoredContentRepository>();
        _dsn = new Mock<IDsnStorage>();
        _mappings = new Mock<IObjectMappingRepository>();
        _buckets = new Mock<IBucketRepository>();
        _credits = new Mock<ICreditLedger>();
        _credits.Setup(c => c.ChargeUploadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(CreditCharge.Unmetered);
        _committed = [];
        _tracked = null;
        _unitOfWork = new Mock<IUnitOfWork>();
        _unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()))
            .Returns(async (Func<CancellationToken, Task<bool>> work, CancellationToken ct) =>
            {
                var result = await work(ct);
                if (_tracked is not null)
                {
                    _committed.Add(_tracked.Status);
                }

                return result;
            });
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var keyMapper = new ObjectKeyMapper(_mappings.Object, _buckets.Object, _contents.Object, _credits.Object, _time);
        _service = new NativeUploadService(
            _uploads.Object, _chunks.Object, _users.Object, _staging.Object, _locks.Object, _scheduler.Object, _contents.Object,
            _dsn.Object, keyMapper, _unitOfWork.Object, _time);
    }

    [Test]
    public async Task UploadChunk_RetriedWithTheSameBytes_IsAccepted()
    {
        var upload = File("a.bin");
        var existing = UploadChunk.Receive(upload, 0, 3, Md5Of([1, 2, 3]), "1-first.part", _time.GetUtcNow());
        StageInto(Writer("1-again.part"));
        _chunks.Setup(c => c.TryAddAsync(It.IsAny<UploadChunk>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ChunkReceipt(true, existing));

        await _service.UploadChunkAsync(Chunk(upload, [1, 2, 3], "0"), CancellationToken.None);

        _scheduler.Verify(s => s.Schedule(UploadId.Parse(upload.Id), StagedUploadKind.NativeFile));
    }

    [Test]
    public async Task UploadChunk_RetriedWithOtherBytes_ThrowsInvalidArgument()
    {
        var upload = File("a.bin");
        var existing = UploadChunk.Receive(upload, 0, 3, Md5Of([1, 2, 3]), "1-first.part", _time.GetUtcNow());
        StageInto(Writer("1-again.part"));
        _chunks.Setup(c => c.TryAddAsync(It.IsAny<UploadChunk>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ChunkReceipt(true, existing));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadChunkAsync(Chunk(upload, [1, 2, 4], "0"), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _scheduler.Verify(s => s.Schedule(It.IsAny<UploadId>(), It.IsAny<StagedUploadKind>()), Times.Never);
    }

    [Test]
    public async Task UploadChunk_ToAnUploadNoLongerPending_ThrowsInvalidRequest()
    {
        var upload = File("a.bin");
        StageInto(Writer("1-x.part"));
        _chunks.Setup(c => c.TryAddAsync(It.IsAny<UploadChunk>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ChunkReceipt(false, null));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadChunkAsync(Chunk(upload, [1], "0"), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
        _scheduler.Verify(s => s.Schedule(It.IsAny<UploadId>(), It.IsAny<StagedUploadKind>()), Times.Never);
    }

    [Test]
    public async Task UploadChunk_IndexAfterTheBody_IsReadOnceTheBodyIsConsumed_AndUsed()
    {
        var upload = File("a.bin");
        var writer = Writer("2-abc.part");
        StageInto(writer);
        _chunks.Setup(c => c.GetProgressAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync(((int?)1, (long?)3));
        UploadChunk? recorded = null;
        _chunks.Setup(c => c.TryAddAsync(It.IsAny<UploadChunk>(), It.IsAny<CancellationToken>()))
            .Callback((UploadChunk chunk, CancellationToken _) => recorded = chunk)
            .ReturnsAsync(new ChunkReceipt(true, null));
        var body = new MemoryStream([7, 8, 9]);
        long? positionWhenIndexRead = null;

        await _service.UploadChunkAsync(
            new UploadChunkCommand(Owner, upload.Id, body, null, _ =>
            {
                positionWhenIndexRead = body.Position;
                return Task.FromResult<string?>("5");
            }),
            CancellationToken.None);

        Assert.That(positionWhenIndexRead, Is.EqualTo(3), "the index is read after the body");
        Assert.That(recorded, Is.Not.Null);
        Assert.That((recorded!.Index, recorded.Size, recorded.StagedName), Is.EqualTo((5, 3L, "2-abc.part")));
        Assert.That(recorded.Md5, Is.EqualTo(Md5Of([7, 8, 9])));
        // Staged as the chunk after the highest received (index 2, part 3) at its probable offset, before the index was known.
        _staging.Verify(s => s.BeginPartAsync(UploadId.Parse(upload.Id), 3, 6, It.IsAny<CancellationToken>()));
        writer.Verify(w => w.CommitAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("100000")]
    [TestCase("")]
    public async Task UploadChunk_InvalidIndexAfterTheBody_ThrowsInvalidArgument_AndDiscardsTheStagedPart(string index)
    {
        var upload = File("a.bin");
        var writer = Writer("1-abc.part");
        StageInto(writer);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadChunkAsync(
            new UploadChunkCommand(Owner, upload.Id, new MemoryStream([1, 2, 3]), null, _ => Task.FromResult<string?>(index)), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        writer.Verify(w => w.DisposeAsync(), Times.Once);
        writer.Verify(w => w.CommitAsync(It.IsAny<CancellationToken>()), Times.Never);
        _chunks.Verify(c => c.TryAddAsync(It.IsAny<UploadChunk>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task UploadChunk_NoIndexAtAll_ThrowsInvalidArgument_AndDiscardsTheStagedPart()
    {
        var upload = File("a.bin");
        var writer = Writer("1-abc.part");
        StageInto(writer);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadChunkAsync(
            new UploadChunkCommand(Owner, upload.Id, new MemoryStream([1]), null, _ => Task.FromResult<string?>(null)), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        writer.Verify(w => w.DisposeAsync(), Times.Once);
        writer.Verify(w => w.CommitAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task UploadChunk_InvalidIndexBeforeTheBody_ThrowsInvalidArgument_AndStagesNothing()
    {
        var upload = File("a.bin");

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadChunkAsync(Chunk(upload, [1], "x"), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _staging.Verify(s => s.BeginPartAsync(It.IsAny<UploadId>(), It.IsAny<int>(), It.IsAny<long?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task UploadChunk_OfAnotherUsersUpload_ThrowsUploadNotFound()
    {
        var upload = File("a.bin");

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadChunkAsync(
            new UploadChunkCommand(Guid.NewGuid(), upload.Id, new MemoryStream([1]), "0", _ => Task.FromResult<string?>(null)), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        _staging.Verify(s => s.BeginPartAsync(It.IsAny<UploadId>(), It.IsAny<int>(), It.IsAny<long?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Complete_WithAGapInTheChunks_ThrowsInvalidArgument_AndPersistsTheReopenedUpload()
    {
        var upload = File("a.bin");
        _chunks.Setup(c => c.ListAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>()))
            .ReturnsAsync([Received(upload, 0, 3), Received(upload, 2, 3)]);

        var error = await Assert.ThrowsAsync<DomainException>(() => Complete(upload));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(_committed, Is.EqualTo(new[] { NativeUploadStatus.Completing, NativeUploadStatus.Pending }), "the completion began, then the upload was reopened, each in a unit of work");
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
        _staging.Verify(s => s.FinishAsync(It.IsAny<UploadId>(), It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Complete_WithoutChunk0_ThrowsInvalidArgument()
    {
        var upload = File("a.bin");
        _chunks.Setup(c => c.ListAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync([Received(upload, 1, 3)]);

        var error = await Assert.ThrowsAsync<DomainException>(() => Complete(upload));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
    }

    [Test]
    public async Task Complete_BeyondThePendingUploadCredits_ThrowsQuotaExceededBeforeStoring_AndMapsNothing()
    {
        var upload = File("a.bin");
        WithChunks(upload, 100, 100);

        var error = await Assert.ThrowsAsync<DomainException>(() => Complete(upload, pendingUploadCredits: 199));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.QuotaExceeded));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
        Assert.That(_committed, Is.EqualTo(new[] { NativeUploadStatus.Completing, NativeUploadStatus.Pending }));
        _staging.Verify(s => s.FinishAsync(It.IsAny<UploadId>(), It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()), Times.Never);
        _credits.Verify(c => c.ChargeUploadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>()), Times.Never);
        _contents.Verify(c => c.RecordAsync(It.IsAny<StoredContent>(), It.IsAny<ContentOwnership>(), It.IsAny<CancellationToken>()), Times.Never);
        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Never);
    }

    [Test]
    public async Task Complete_ExactlyThePendingUploadCredits_IsAccepted()
    {
        var upload = File("a.bin");
        var bytes = WithChunks(upload, 100, 100);
        var cid = Stores(upload, bytes);

        var result = await Complete(upload, pendingUploadCredits: 200);

        Assert.That(result, Is.EqualTo(cid));
    }

    [Test]
    public async Task Complete_AFile_StoresItsChunksInOrder_AndMapsItIntoS3UnderItsName()
    {
        var upload = File("report.pdf", "application/pdf");
        var bytes = WithChunks(upload, 5, 5, 2);
        var cid = Stores(upload, bytes);
        IReadOnlyList<StagedPartRef>? parts = null;
        _staging.Setup(s => s.FinishAsync(UploadId.Parse(upload.Id), It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()))
            .Callback((UploadId _, ContentDescriptor _, IReadOnlyList<StagedPartRef> p, CancellationToken _) => parts = p)
            .ReturnsAsync(new DsnStoredContent(cid, bytes.Length, 1, false));
        var added = CaptureMappings();

        var result = await Complete(upload);

        Assert.That(result, Is.EqualTo(cid));
        Assert.That(parts!.Select(p => (p.Number, p.StagedName, p.Size)), Is.EqualTo(new[] { (1, "chunk-0", 5L), (2, "chunk-1", 5L), (3, "chunk-2", 2L) }));
        var mapping = added.Single();
        Assert.That((mapping.BucketName, mapping.Key, mapping.Cid, mapping.Size, mapping.ETag, mapping.ContentType),
            Is.EqualTo((BucketName.Default.Value, "report.pdf", cid.Value, 12L, Convert.ToHexStringLower(MD5.HashData(bytes)), "application/pdf")));
        _contents.Verify(c => c.RecordAsync(
            It.Is<StoredContent>(s => s.Cid == cid.Value && s.Name == "report.pdf" && s.Kind == ContentKind.File),
            It.Is<ContentOwnership>(o => o.UserId == Owner && o.Role == OwnerRole.Admin && o.IsRoot),
            It.IsAny<CancellationToken>()));
        _credits.Verify(c => c.ChargeUploadAsync(Owner, 12, It.IsAny<CancellationToken>()));
        Assert.That((upload.Status, upload.Cid, upload.Md5), Is.EqualTo((NativeUploadStatus.Completed, cid.Value, (Md5Digest?)Md5Digest.FromBytes(MD5.HashData(bytes)))));
        _staging.Verify(s => s.DiscardAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task Complete_ACompletedUpload_ReturnsTheSameCid_WithoutTouchingStaging()
    {
        var upload = File("a.bin");
        var cid = CidOf("done");
        upload.BeginCompletion(_time.GetUtcNow());
        upload.Complete(cid, 3, Md5Of([1, 2, 3]), _time.GetUtcNow());

        var result = await Complete(upload);

        Assert.That(result, Is.EqualTo(cid));
        _staging.VerifyNoOtherCalls();
        _chunks.VerifyNoOtherCalls();
        _unitOfWork.Verify(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Complete_WhileAnotherCompletionRuns_ThrowsConflictingOperation()
    {
        var upload = File("a.bin");
        _locks.Setup(l => l.TryAcquireCompletionAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync((IAsyncDisposable?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => Complete(upload));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ConflictingOperation));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
    }

    [Test]
    public async Task Complete_AnotherUsersUpload_ThrowsUploadNotFound()
    {
        var upload = File("a.bin");

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CompleteAsync(new CompleteUploadCommand(Guid.NewGuid(), upload.Id, null), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
    }

    [Test]
    public async Task Complete_AMemberFile_RecordsItsOwnershipAsAMember_AndMapsNothingIntoS3()
    {
        var folder = Folder(FolderTreeNode.Folder("photos", "root", [FolderTreeNode.File("a.txt", "a")]));
        var member = Track(folder.StartMember(UploadId.New(), "a.txt", "text/plain", "a", UploadOptions.None, _time.GetUtcNow()));
        var bytes = WithChunks(member, 4);
        var cid = Stores(member, bytes);

        var result = await Complete(member);

        Assert.That(result, Is.EqualTo(cid));
        _contents.Verify(c => c.RecordAsync(
            It.Is<StoredContent>(s => s.Cid == cid.Value && s.Name == "a.txt"),
            It.Is<ContentOwnership>(o => o.UserId == Owner && o.Role == OwnerRole.Admin && !o.IsRoot),
            It.IsAny<CancellationToken>()));
        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Never);
        _mappings.Verify(m => m.FindAsync(It.IsAny<Guid>(), It.IsAny<BucketName>(), It.IsAny<ObjectKey>(), It.IsAny<CancellationToken>()), Times.Never);
        _buckets.Verify(b => b.EnsureExistsAsync(It.IsAny<Bucket>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.That((member.Status, member.Size, member.Md5), Is.EqualTo((NativeUploadStatus.Completed, (long?)4, (Md5Digest?)Md5Digest.FromBytes(MD5.HashData(bytes)))));
    }

    [Test]
    public async Task Complete_AFolder_StoresItsFoldersChildrenFirstInTreeOrder_AndMapsEveryFileUnderTheFolder()
    {
        var folder = Folder(FolderTreeNode.Folder("photos", "root", [
            FolderTreeNode.File("a.txt", "a"),
            FolderTreeNode.Folder("sub", "sub", [
                FolderTreeNode.File("b.txt", "sub/b"),
                FolderTreeNode.Folder("deep", "deep", [FolderTreeNode.File("c.txt", "sub/deep/c")]),
            ]),
            FolderTreeNode.File("d.txt", "d"),
            FolderTreeNode.Folder("empty", "empty", []),
        ]));
        var members = new Dictionary<string, NativeUpload>
        {
            ["a"] = CompletedMember(folder, "a.txt", "a", 10),
            ["sub/b"] = CompletedMember(folder, "b.txt", "sub/b", 20),
            ["sub/deep/c"] = CompletedMember(folder, "c.txt", "sub/deep/c", 30),
            ["d"] = CompletedMember(folder, "d.txt", "d", 40),
        };
        _uploads.Setup(u => u.ListCompletedMembersAsync(UploadId.Parse(folder.Id), It.IsAny<CancellationToken>())).ReturnsAsync(members.Values.ToList());
        var stored = new List<FolderDescriptor>();
        _dsn.Setup(d => d.StoreFolderAsync(It.IsAny<FolderDescriptor>(), It.IsAny<CancellationToken>()))
            .Callback((FolderDescriptor f, CancellationToken _) => stored.Add(f))
            .ReturnsAsync((FolderDescriptor f, CancellationToken _) => new DsnStoredContent(CidOf("folder:" + f.Name), f.Children.Sum(c => c.Size), 1, false));
        var added = CaptureMappings();

        var result = await Complete(folder);

        Assert.That(result, Is.EqualTo(CidOf("folder:photos")));
        Assert.That(stored.Select(f => f.Name), Is.EqualTo(new[] { "deep", "sub", "empty", "photos" }));
        Assert.That(stored.Select(f => f.Children), Is.EqualTo(new IReadOnlyList<FolderChild>[]
        {
            [Child(members["sub/deep/c"])],
            [Child(members["sub/b"]), new FolderChild(CidOf("folder:deep"), 30)],
            [],
            [Child(members["a"]), new FolderChild(CidOf("folder:sub"), 50), Child(members["d"]), new FolderChild(CidOf("folder:empty"), 0)],
        }));
        Assert.That(added.Select(m => (m.BucketName, m.Key, m.Cid, m.Size, m.ETag)), Is.EqualTo(new[]
        {
            ("default", "photos/a.txt", members["a"].Cid, 10L, members["a"].Md5!.Value.ToHex()),
            ("default", "photos/sub/b.txt", members["sub/b"].Cid, 20L, members["sub/b"].Md5!.Value.ToHex()),
            ("default", "photos/sub/deep/c.txt", members["sub/deep/c"].Cid, 30L, members["sub/deep/c"].Md5!.Value.ToHex()),
            ("default", "photos/d.txt", members["d"].Cid, 40L, members["d"].Md5!.Value.ToHex()),
        }));
        _contents.Verify(c => c.RecordAsync(
            It.Is<StoredContent>(s => s.Cid == CidOf("folder:photos").Value && s.Kind == ContentKind.Folder && s.Size == 100),
            It.Is<ContentOwnership>(o => o.IsRoot && o.Role == OwnerRole.Admin), It.IsAny<CancellationToken>()));
        _contents.Verify(c => c.RecordAsync(
            It.Is<StoredContent>(s => s.Cid == CidOf("folder:sub").Value && s.Size == 50),
            It.Is<ContentOwnership>(o => !o.IsRoot && o.Role == OwnerRole.Admin), It.IsAny<CancellationToken>()));
        _contents.Verify(c => c.RecordFolderAsync(
            It.Is<StoredContent>(s => s.Cid == CidOf("folder:sub").Value),
            It.Is<IReadOnlyList<FolderEntry>>(e => e.Count == 2 && e[0].Name == "b.txt" && e[0].Kind == ContentKind.File && e[1].Name == "deep" && e[1].Kind == ContentKind.Folder && e[1].Position == 1),
            It.IsAny<CancellationToken>()));
        Assert.That((folder.Status, folder.Cid, folder.Size), Is.EqualTo((NativeUploadStatus.Completed, CidOf("folder:photos").Value, (long?)100)));
    }

    [Test]
    public async Task Complete_AFolderWithAFileNotCompleted_ThrowsInvalidArgument_AndStoresNothing()
    {
        var folder = Folder(FolderTreeNode.Folder("photos", "root", [FolderTreeNode.File("a.txt", "a"), FolderTreeNode.File("b.txt", "b")]));
        var a = CompletedMember(folder, "a.txt", "a", 10);
        _uploads.Setup(u => u.ListCompletedMembersAsync(UploadId.Parse(folder.Id), It.IsAny<CancellationToken>())).ReturnsAsync([a]);

        var error = await Assert.ThrowsAsync<DomainException>(() => Complete(folder));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(error.Message, Does.Contain("photos/b.txt"));
        Assert.That(folder.Status, Is.EqualTo(NativeUploadStatus.Pending));
        _dsn.Verify(d => d.StoreFolderAsync(It.IsAny<FolderDescriptor>(), It.IsAny<CancellationToken>()), Times.Never);
        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Never);
    }

    [Test]
    public async Task CreateFolderFile_WithARelativeIdNotInTheTree_ThrowsInvalidArgument_AndAddsNothing()
    {
        var folder = Folder(FolderTreeNode.Folder("photos", "root", [FolderTreeNode.File("a.txt", "a")]));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CreateFolderFileAsync(
            new CreateFolderFileCommand(Owner, folder.Id, "a.txt", null, "nope", UploadOptions.None), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _uploads.Verify(u => u.Add(It.IsAny<NativeUpload>()), Times.Never);
    }

    [Test]
    public async Task CreateFile_AddsAPendingUploadOfTheCaller()
    {
        var owner = User.Register("alice", _time.GetUtcNow());
        _users.Setup(u => u.FindByIdAsync(owner.Id, It.IsAny<CancellationToken>())).ReturnsAsync(owner);
        NativeUpload? added = null;
        _uploads.Setup(u => u.Add(It.IsAny<NativeUpload>())).Callback((NativeUpload u) => added = u);

        var info = await _service.CreateFileAsync(new CreateFileUploadCommand(owner.Id, "a.txt", "text/plain", UploadOptions.None), CancellationToken.None);

        Assert.That(added, Is.Not.Null);
        Assert.That((info.Id, info.Kind, info.Status, info.Name, info.OwnerPublicId), Is.EqualTo((added!.Id, NativeUploadKind.File, NativeUploadStatus.Pending, "a.txt", owner.PublicId)));
        Assert.That(added.OwnerId, Is.EqualTo(owner.Id));
    }

    [TestCase(null)]
    [TestCase("")]
    public async Task CreateFile_WithoutAName_ThrowsInvalidArgument(string? name)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CreateFileAsync(new CreateFileUploadCommand(Owner, name, null, UploadOptions.None), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        _uploads.Verify(u => u.Add(It.IsAny<NativeUpload>()), Times.Never);
    }

    private Task<Cid> Complete(NativeUpload upload, long? pendingUploadCredits = null) =>
        _service.CompleteAsync(new CompleteUploadCommand(Owner, upload.Id, pendingUploadCredits), CancellationToken.None);

    private NativeUpload File(string name, string? mimeType = null) =>
        Track(NativeUpload.StartFile(UploadId.New(), Owner, name, mimeType, UploadOptions.None, _time.GetUtcNow()));

    private NativeUpload Folder(FolderTreeNode root) =>
        Track(NativeUpload.StartFolder(UploadId.New(), Owner, FolderTree.From(root), UploadOptions.None, _time.GetUtcNow()));

    /// <summary>The repository finds the upload; its status is recorded as each unit of work commits.</summary>
    private NativeUpload Track(NativeUpload upload)
    {
        _uploads.Setup(u => u.FindAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync(upload);
        _tracked = upload;
        return upload;
    }

    /// <summary>A completed member file of the folder, with content of <paramref name="size"/> bytes.</summary>
    private NativeUpload CompletedMember(NativeUpload folder, string name, string relativeId, long size)
    {
        var member = folder.StartMember(UploadId.New(), name, null, relativeId, UploadOptions.None, _time.GetUtcNow());
        member.BeginCompletion(_time.GetUtcNow());
        member.Complete(CidOf("file:" + relativeId), size, Md5Digest.FromBytes(MD5.HashData(Encoding.UTF8.GetBytes(relativeId))), _time.GetUtcNow());
        return member;
    }

    private static FolderChild Child(NativeUpload member) => new(Cid.Parse(member.Cid), member.Size!.Value);

    /// <summary>Chunks of the given sizes (indexes 0, 1, ...) staged as <c>chunk-&lt;index&gt;</c>; returns their bytes in order.</summary>
    private byte[] WithChunks(NativeUpload upload, params int[] sizes)
    {
        var chunks = new List<UploadChunk>();
        var bytes = new List<byte>();
        for (var i = 0; i < sizes.Length; i++)
        {
            var chunk = Enumerable.Range(0, sizes[i]).Select(b => (byte)(i + b)).ToArray();
            chunks.Add(UploadChunk.Receive(upload, i, chunk.Length, Md5Digest.FromBytes(MD5.HashData(chunk)), $"chunk-{i}", _time.GetUtcNow()));
            bytes.AddRange(chunk);
        }

        _chunks.Setup(c => c.ListAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync(chunks);
        return [.. bytes];
    }

    private UploadChunk Received(NativeUpload upload, int index, int size) =>
        UploadChunk.Receive(upload, index, size, Md5Of(new byte[size]), $"chunk-{index}", _time.GetUtcNow());

    /// <summary>Staging stores the upload's bytes under a CID and hashes the staged chunks (for the MD5).</summary>
    private Cid Stores(NativeUpload upload, byte[] bytes)
    {
        var cid = CidOf("content:" + upload.Id);
        _staging.Setup(s => s.FinishAsync(UploadId.Parse(upload.Id), It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DsnStoredContent(cid, bytes.Length, 1, false));
        _staging.Setup(s => s.ComputeMd5Async(UploadId.Parse(upload.Id), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Md5Of(bytes));
        return cid;
    }

    private List<ObjectMapping> CaptureMappings()
    {
        var added = new List<ObjectMapping>();
        _mappings.Setup(m => m.Add(It.IsAny<ObjectMapping>())).Callback((ObjectMapping m) => added.Add(m));
        return added;
    }

    private static Mock<IStagedPartWriter> Writer(string stagedName)
    {
        var writer = new Mock<IStagedPartWriter>();
        writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ReturnsAsync(stagedName);
        writer.Setup(w => w.DisposeAsync()).Returns(ValueTask.CompletedTask);
        return writer;
    }

    private void StageInto(Mock<IStagedPartWriter> writer) =>
        _staging.Setup(s => s.BeginPartAsync(It.IsAny<UploadId>(), It.IsAny<int>(), It.IsAny<long?>(), It.IsAny<CancellationToken>())).ReturnsAsync(writer.Object);

    private static UploadChunkCommand Chunk(NativeUpload upload, byte[] bytes, string index) =>
        new(Owner, upload.Id, new MemoryStream(bytes), index, _ => Task.FromResult<string?>(null));

    private static Md5Digest Md5Of(byte[] bytes) => Md5Digest.FromBytes(MD5.HashData(bytes));

    private static Cid CidOf(string seed) => TestCids.Of(seed);
}
