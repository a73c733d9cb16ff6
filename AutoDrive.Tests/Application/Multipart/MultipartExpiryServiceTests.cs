using AutoDrive.Application.Common;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Multipart;

public class MultipartExpiryServiceTests
{
    private Mock<IMultipartUploadRepository> _uploads = null!;
    private Mock<IMultipartStaging> _staging = null!;
    private Mock<IUploadLocks> _locks = null!;
    private FakeTimeProvider _time = null!;
    private MultipartExpiryService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _uploads = new Mock<IMultipartUploadRepository>();
        _staging = new Mock<IMultipartStaging>();
        _locks = new Mock<IUploadLocks>();
        _locks.Setup(l => l.TryAcquireCompletionAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        _locks.Setup(l => l.AcquireAssemblyAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        var unitOfWork = new Mock<IUnitOfWork>();
        unitOfWork.Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<bool>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<bool>> work, CancellationToken ct) => work(ct));
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        _service = new MultipartExpiryService(
            _uploads.Object, _staging.Object, _locks.Object, unitOfWork.Object,
            Options.Create(new MultipartOptions { IdleExpiry = TimeSpan.FromDays(1) }), _time);
    }

    [Test]
    public async Task Expire_AbortsIdleUploads_AndFreesTheirStaging()
    {
        var idle = Upload();
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

        var expired = await _service.ExpireAsync(CancellationToken.None);

        Assert.That(expired, Is.Zero);
        Assert.That(upload.State, Is.EqualTo(UploadState.Active));
        _staging.Verify(s => s.DiscardAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Expire_LeavesAnUploadWhosePartArrivedSinceItWasFoundIdle()
    {
        // The upload row is old, but a part recorded after the idle query is activity: checked under the row lock.
        var upload = Upload();
        _time.Advance(TimeSpan.FromDays(2));
        _uploads.Setup(u => u.FindLastPartAtAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>())).ReturnsAsync(_time.GetUtcNow());

        var expired = await _service.ExpireAsync(CancellationToken.None);

        Assert.That(expired, Is.Zero);
        Assert.That(upload.State, Is.EqualTo(UploadState.Active));
        _uploads.Verify(u => u.FindLockedAsync(UploadId.Parse(upload.Id), It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task Expire_SkipsAnUploadACompleteHolds()
    {
        var upload = Upload();
        _time.Advance(TimeSpan.FromDays(2));
        _locks.Setup(l => l.TryAcquireCompletionAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync((IAsyncDisposable?)null);

        Assert.That(await _service.ExpireAsync(CancellationToken.None), Is.Zero);
        Assert.That(upload.State, Is.EqualTo(UploadState.Active));
    }

    private MultipartUpload Upload()
    {
        var upload = MultipartUpload.Initiate(UploadId.New(), Guid.NewGuid(), BucketName.Parse("b1"), ObjectKey.Parse("k"),
            ContentHeaders.None, UserMetadata.Empty, null, _time.GetUtcNow());
        var id = UploadId.Parse(upload.Id);
        _uploads.Setup(u => u.FindIdleAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([id]);
        _uploads.Setup(u => u.FindLockedAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(upload);
        return upload;
    }
}
