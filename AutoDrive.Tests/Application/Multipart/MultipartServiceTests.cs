using AutoDrive.Application.Credits;
using System.Security.Cryptography;
using AutoDrive.Application.Buckets;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;
using AutoDrive.Application.Listing;
using AutoDrive.Domain.Content;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Multipart;

public class MultipartServiceTests
{
    private static readonly Guid Owner = Guid.NewGuid();

    private Mock<IMultipartUploadRepository> _uploads = null!;
    private Mock<IMultipartStaging> _staging = null!;
    private Mock<IUploadLocks> _locks = null!;
    private Mock<IMultipartAssemblyScheduler> _scheduler = null!;
    private Mock<IObjectMappingRepository> _mappings = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private FakeTimeProvider _time = null!;
    private MultipartService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _uploads = new Mock<IMultipartUploadRepository>();
        _staging = new Mock<IMultipartStaging>();
        _locks = new Mock<IUploadLocks>();
        _locks.Setup(l => l.TryAcquireCompletionAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        _locks.Setup(l => l.AcquireAssemblyAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        _scheduler = new Mock<IMultipartAssemblyScheduler>();
        _mappings = new Mock<IObjectMappingRepository>();
        _unitOfWork = new Mock<IUnitOfWork>();
        _unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<bool>> work, CancellationToken ct) => work(ct));
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var credits = new Mock<ICreditLedger>();
        credits.Setup(c => c.ChargeUploadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(CreditCharge.Unmetered);
        var keyMapper = new ObjectKeyMapper(_mappings.Object, Mock.Of<IBucketRepository>(), Mock.Of<IStoredContentRepository>(), credits.Object, _time);
        _uploads.Setup(u => u.RecordPartAsync(It.IsAny<UploadPart>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _uploads.Setup(u => u.ListPartsAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _service = new MultipartService(
            _uploads.Object, _staging.Object, _locks.Object, _scheduler.Object, keyMapper, _unitOfWork.Object,
            new CreateMultipartUploadCommandValidator(), _time);
    }

    [Test]
    public async Task Complete_WhileAnotherCompleteOrAbortRuns_IsOperationAborted()
    {
        var upload = Upload();
        _locks.Setup(l => l.TryAcquireCompletionAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync((IAsyncDisposable?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.CompleteAsync(
            new CompleteMultipartUploadCommand(Owner, "b1", "k", upload.Id, [new CompletedPart(1, "x")]), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ConflictingOperation));
        _staging.Verify(s => s.FinishAsync(It.IsAny<UploadId>(), It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task UploadPart_ToAnAbortedUpload_IsNoSuchUpload_AndStagesNothing()
    {
        var upload = Upload();
        upload.Abort(_time.GetUtcNow());

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 1, new MemoryStream([1]), 1, null, null), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        _staging.Verify(s => s.BeginPartAsync(It.IsAny<UploadId>(), It.IsAny<int>(), It.IsAny<long?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task UploadPart_OfAnotherUsersUpload_IsNoSuchUpload()
    {
        var upload = Upload();

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadPartAsync(
            new UploadPartCommand(Guid.NewGuid(), "b1", "k", upload.Id, 1, new MemoryStream([1]), 1, null, null), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
    }

    [Test]
    public async Task UploadPart_StagesRecordsItsOwnRow_AndSchedulesAssembly_WithoutReadingTheOtherParts()
    {
        var upload = Upload();
        var writer = Writer("1-abc.part");
        _staging.Setup(s => s.BeginPartAsync(UploadId.Parse(upload.Id), 1, 0, It.IsAny<CancellationToken>())).ReturnsAsync(writer.Object);

        var result = await _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 1, new MemoryStream([1, 2, 3]), 3, null, null), CancellationToken.None);

        Assert.That(result.ETag, Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(new byte[] { 1, 2, 3 }))));
        _uploads.Verify(u => u.RecordPartAsync(
            It.Is<UploadPart>(p => p.UploadId == upload.Id && p.Number == 1 && p.Size == 3 && p.StagedName == "1-abc.part"), It.IsAny<CancellationToken>()));
        _uploads.Verify(u => u.ListPartsAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
        _uploads.Verify(u => u.ListPartsAfterAsync(It.IsAny<UploadId>(), It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
        _unitOfWork.Verify(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()), Times.Never);
        _scheduler.Verify(s => s.Schedule(UploadId.Parse(upload.Id), StagedUploadKind.Multipart));
    }

    [Test]
    public async Task UploadPart_GuessesItsOffsetFromTheFirstOtherPart()
    {
        var upload = Upload();
        var id = UploadId.Parse(upload.Id);
        _uploads.Setup(u => u.FindFirstPartSizeAsync(id, 3, It.IsAny<CancellationToken>())).ReturnsAsync(5);
        _staging.Setup(s => s.BeginPartAsync(id, 3, 10, It.IsAny<CancellationToken>())).ReturnsAsync(Writer("3-a").Object);

        await _service.UploadPartAsync(new UploadPartCommand(Owner, "b1", "k", upload.Id, 3, new MemoryStream([1]), 1, null, null), CancellationToken.None);

        _staging.Verify(s => s.BeginPartAsync(id, 3, 10, It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task UploadPart_WhenTheUploadWasAbortedWhileItStreamed_IsNoSuchUpload_AndFreesTheStaging()
    {
        var upload = Upload();
        var id = UploadId.Parse(upload.Id);
        var aborted = Upload(register: false);
        aborted.Abort(_time.GetUtcNow());
        _uploads.SetupSequence(u => u.FindAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(upload).ReturnsAsync(aborted);
        _uploads.Setup(u => u.RecordPartAsync(It.IsAny<UploadPart>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _staging.Setup(s => s.BeginPartAsync(id, 1, 0, It.IsAny<CancellationToken>())).ReturnsAsync(Writer("1-a").Object);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 1, new MemoryStream([1]), 1, null, null), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        _staging.Verify(s => s.DiscardAsync(id, It.IsAny<CancellationToken>()));
        _scheduler.Verify(s => s.Schedule(It.IsAny<UploadId>(), It.IsAny<StagedUploadKind>()), Times.Never);
    }

    [Test]
    public async Task UploadPart_WhenACompleteFixedThePartsWhileItStreamed_IsNoSuchUpload_AndLeavesTheStagingToTheComplete()
    {
        var upload = Upload();
        var id = UploadId.Parse(upload.Id);
        var completing = Upload(register: false);
        completing.BeginCompletion([new CompletedPart(1, Md5Digest.FromBytes(MD5.HashData(new byte[] { 9 })).ToHex())],
            [completing.RecordPart(PartNumber.From(1), 1, Md5Digest.FromBytes(MD5.HashData(new byte[] { 9 })), null, "1-z", _time.GetUtcNow())],
            _time.GetUtcNow());
        _uploads.SetupSequence(u => u.FindAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(upload).ReturnsAsync(completing);
        _uploads.Setup(u => u.RecordPartAsync(It.IsAny<UploadPart>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _staging.Setup(s => s.BeginPartAsync(id, 2, It.IsAny<long?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Writer("2-a").Object);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 2, new MemoryStream([1]), 1, null, null), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        _staging.Verify(s => s.DiscardAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task UploadPart_WhenStagingFailsBecauseTheUploadEnded_IsNoSuchUpload()
    {
        var upload = Upload();
        var id = UploadId.Parse(upload.Id);
        var aborted = Upload(register: false);
        aborted.Abort(_time.GetUtcNow());
        _uploads.SetupSequence(u => u.FindAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(upload).ReturnsAsync(aborted);
        var writer = Writer("1-a");
        writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new DirectoryNotFoundException("staging freed"));
        _staging.Setup(s => s.BeginPartAsync(id, 1, 0, It.IsAny<CancellationToken>())).ReturnsAsync(writer.Object);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 1, new MemoryStream([1]), 1, null, null), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        Assert.That(error.InnerException, Is.TypeOf<DirectoryNotFoundException>());
    }

    [Test]
    public async Task UploadPart_WhenStagingFailsOnAnActiveUpload_LetsTheFaultThrough()
    {
        var upload = Upload();
        var writer = Writer("1-a");
        writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("disk"));
        _staging.Setup(s => s.BeginPartAsync(UploadId.Parse(upload.Id), 1, 0, It.IsAny<CancellationToken>())).ReturnsAsync(writer.Object);

        await Assert.ThrowsAsync<IOException>(() => _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 1, new MemoryStream([1]), 1, null, null), CancellationToken.None));
    }

    [Test]
    public async Task Complete_LocksTheUploadBeforeReadingTheParts()
    {
        var upload = Upload();
        var id = UploadId.Parse(upload.Id);
        var md5 = Md5Digest.FromBytes(MD5.HashData(new byte[] { 1 }));
        var part = upload.RecordPart(PartNumber.From(1), 1, md5, null, "1-a", _time.GetUtcNow());
        var order = new List<string>();
        _uploads.Setup(u => u.FindLockedAsync(id, It.IsAny<CancellationToken>())).Callback(() => order.Add("lock")).ReturnsAsync(upload);
        _uploads.Setup(u => u.ListPartsAsync(id, It.IsAny<CancellationToken>())).Callback(() => order.Add("parts")).ReturnsAsync([part]);
        _unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<IReadOnlyList<UploadPart>>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<IReadOnlyList<UploadPart>>> work, CancellationToken ct) => work(ct));
        _unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<MultipartUpload>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<MultipartUpload>> work, CancellationToken ct) => work(ct));
        _staging.Setup(s => s.FinishAsync(id, It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DsnStoredContent(TestCids.Of("complete"), 1, 1, false));

        var result = await _service.CompleteAsync(new CompleteMultipartUploadCommand(Owner, "b1", "k", upload.Id, [new CompletedPart(1, md5.ToHex())]), CancellationToken.None);

        Assert.That(order.Take(2), Is.EqualTo(new[] { "lock", "parts" }));
        Assert.That(upload.State, Is.EqualTo(UploadState.Completed));
        Assert.That(result.ETag, Does.EndWith("-1"));
        _staging.Verify(s => s.FinishAsync(id, It.IsAny<ContentDescriptor>(),
            It.Is<IReadOnlyList<StagedPartRef>>(p => p.Single().StagedName == "1-a"), It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task ListParts_ReadsOnePagePlusOne_AndSaysWhereTheNextStarts()
    {
        var upload = Upload();
        var id = UploadId.Parse(upload.Id);
        var parts = Enumerable.Range(3, 3)
            .Select(n => upload.RecordPart(PartNumber.From(n), 1, Md5Digest.FromBytes(MD5.HashData(new[] { (byte)n })), null, $"{n}", _time.GetUtcNow()))
            .ToList();
        _uploads.Setup(u => u.ListPartsAfterAsync(id, 2, 3, It.IsAny<CancellationToken>())).ReturnsAsync(parts);

        var listing = await _service.ListPartsAsync(Owner, "b1", "k", upload.Id, 2, 2, CancellationToken.None);

        Assert.That(listing.Parts.Select(p => p.PartNumber), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(listing.IsTruncated, Is.True);
        Assert.That(listing.NextPartNumberMarker, Is.EqualTo(4));
        _uploads.Verify(u => u.ListPartsAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task ListUploads_AskesForOnePagePlusOne_AndResumesAfterACommonPrefix()
    {
        var t = _time.GetUtcNow();
        _uploads.Setup(u => u.ListInProgressAsync(Owner, "b1", "", "/", null, 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new UploadListingRow("a", "id-a", t, null), new UploadListingRow("d/1", "id-d", t, "d/"), new UploadListingRow("e", "id-e", t, null)]);

        var listing = await _service.ListUploadsAsync(Owner, "b1", null, "/", null, null, 2, CancellationToken.None);

        Assert.That(listing.Uploads.Select(u => u.Key), Is.EqualTo(new[] { "a" }));
        Assert.That(listing.CommonPrefixes, Is.EqualTo(new[] { "d/" }));
        Assert.That(listing.IsTruncated, Is.True);
        Assert.That(listing.NextKeyMarker, Is.EqualTo("d/"));
        Assert.That(listing.NextUploadIdMarker, Is.Null);
    }

    [Test]
    public async Task ListUploads_FromACommonPrefixMarker_StartsPastThePrefix()
    {
        UploadListingStart? asked = null;
        _uploads.Setup(u => u.ListInProgressAsync(Owner, "b1", "", "/", It.IsAny<UploadListingStart?>(), 1001, It.IsAny<CancellationToken>()))
            .Callback((Guid _, string _, string _, string? _, UploadListingStart? start, int _, CancellationToken _) => asked = start)
            .ReturnsAsync([]);

        await _service.ListUploadsAsync(Owner, "b1", null, "/", "d/", "ignored-id", null, CancellationToken.None);

        Assert.That(asked, Is.EqualTo(new UploadListingStart(new ListingStart("d/", ListingBoundKind.PastPrefix), null)));
    }

    private static Mock<IStagedPartWriter> Writer(string stagedName)
    {
        var writer = new Mock<IStagedPartWriter>();
        writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ReturnsAsync(stagedName);
        return writer;
    }

    private MultipartUpload Upload(bool register = true)
    {
        var upload = MultipartUpload.Initiate(UploadId.New(), Owner, BucketName.Parse("b1"), ObjectKey.Parse("k"),
            ContentHeaders.None, UserMetadata.Empty, null, _time.GetUtcNow());
        if (register)
        {
            _uploads.Setup(u => u.FindAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync(upload);
        }

        return upload;
    }
}
