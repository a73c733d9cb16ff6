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
using Microsoft.Extensions.Options;
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
        _service = new MultipartService(
            _uploads.Object, _staging.Object, _locks.Object, _scheduler.Object, keyMapper, _unitOfWork.Object,
            new CreateMultipartUploadCommandValidator(), Options.Create(new MultipartOptions { IdleExpiry = TimeSpan.FromDays(1) }), _time);
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
    public async Task UploadPart_StagesRecordsAndSchedulesAssembly()
    {
        var upload = Upload();
        var writer = new Mock<IStagedPartWriter>();
        writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ReturnsAsync("1-abc.part");
        _staging.Setup(s => s.BeginPartAsync(UploadId.Parse(upload.Id), 1, 0, It.IsAny<CancellationToken>())).ReturnsAsync(writer.Object);

        var result = await _service.UploadPartAsync(
            new UploadPartCommand(Owner, "b1", "k", upload.Id, 1, new MemoryStream([1, 2, 3]), 3, null, null), CancellationToken.None);

        Assert.That(result.ETag, Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(new byte[] { 1, 2, 3 }))));
        Assert.That(upload.Parts.Single().StagedName, Is.EqualTo("1-abc.part"));
        _scheduler.Verify(s => s.Schedule(UploadId.Parse(upload.Id)));
    }

    [Test]
    public async Task Expire_AbortsIdleUploads_AndFreesTheirStaging()
    {
        var idle = Upload();
        _uploads.Setup(u => u.FindIdleAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([UploadId.Parse(idle.Id)]);
        _time.Advance(TimeSpan.FromDays(2));

        var expired = await _service.ExpireAsync(CancellationToken.None);

        Assert.That(expired, Is.EqualTo(1));
        Assert.That(idle.State, Is.EqualTo(UploadState.Aborted));
        _staging.Verify(s => s.DiscardAsync(UploadId.Parse(idle.Id), It.IsAny<CancellationToken>()));
        _uploads.Verify(u => u.DeleteFinishedAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task Expire_LeavesAnUploadThatBecameActiveAgain()
    {
        var upload = Upload();
        _uploads.Setup(u => u.FindIdleAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([UploadId.Parse(upload.Id)]);

        var expired = await _service.ExpireAsync(CancellationToken.None);

        Assert.That(expired, Is.Zero);
        Assert.That(upload.State, Is.EqualTo(UploadState.Active));
        _staging.Verify(s => s.DiscardAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private MultipartUpload Upload()
    {
        var upload = MultipartUpload.Initiate(UploadId.New(), Owner, BucketName.Parse("b1"), ObjectKey.Parse("k"),
            ContentHeaders.None, UserMetadata.Empty, null, _time.GetUtcNow());
        _uploads.Setup(u => u.FindAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync(upload);
        return upload;
    }
}
