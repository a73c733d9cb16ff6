using System.Security.Cryptography;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;
using Moq;

namespace AutoDrive.Tests.Application.Multipart;

public class MultipartAssemblyServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private Mock<IMultipartUploadRepository> _uploads = null!;
    private Mock<IMultipartStaging> _staging = null!;
    private Mock<IUploadLocks> _locks = null!;
    private MultipartAssemblyService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _uploads = new Mock<IMultipartUploadRepository>();
        _staging = new Mock<IMultipartStaging>();
        _locks = new Mock<IUploadLocks>();
        _locks.Setup(l => l.TryAcquireAssemblyAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<IAsyncDisposable>());
        _service = new MultipartAssemblyService(_uploads.Object, _staging.Object, _locks.Object);
    }

    [Test]
    public async Task Advance_AssemblesTheContiguousPartsFromTheFirst()
    {
        var (upload, id) = Upload();
        _uploads.Setup(u => u.ListPartsAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync([Part(upload, 1), Part(upload, 2), Part(upload, 4)]);

        await _service.AdvanceAssemblyAsync(id, CancellationToken.None);

        _staging.Verify(s => s.AdvanceAsync(id, It.IsAny<ContentDescriptor>(),
            It.Is<IReadOnlyList<StagedPartRef>>(p => p.Select(r => r.Number).SequenceEqual(new[] { 1, 2 })), It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task Advance_WithoutPartOne_DoesNothing()
    {
        var (upload, id) = Upload();
        _uploads.Setup(u => u.ListPartsAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync([Part(upload, 2)]);

        await _service.AdvanceAssemblyAsync(id, CancellationToken.None);

        _staging.Verify(s => s.AdvanceAsync(It.IsAny<UploadId>(), It.IsAny<ContentDescriptor>(), It.IsAny<IReadOnlyList<StagedPartRef>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Advance_WhileAnotherAssemblerWorks_SkipsWithoutReading()
    {
        var (_, id) = Upload();
        _locks.Setup(l => l.TryAcquireAssemblyAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync((IAsyncDisposable?)null);

        await _service.AdvanceAssemblyAsync(id, CancellationToken.None);

        _uploads.Verify(u => u.FindAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Advance_OfAnAbortedUpload_DoesNothing()
    {
        var (upload, id) = Upload();
        upload.Abort(T0);

        await _service.AdvanceAssemblyAsync(id, CancellationToken.None);

        _uploads.Verify(u => u.ListPartsAsync(It.IsAny<UploadId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private (MultipartUpload Upload, UploadId Id) Upload()
    {
        var upload = MultipartUpload.Initiate(UploadId.New(), Guid.NewGuid(), BucketName.Parse("b1"), ObjectKey.Parse("k"),
            ContentHeaders.None, UserMetadata.Empty, null, T0);
        var id = UploadId.Parse(upload.Id);
        _uploads.Setup(u => u.FindAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(upload);
        return (upload, id);
    }

    private static UploadPart Part(MultipartUpload upload, int number) =>
        upload.RecordPart(PartNumber.From(number), MultipartUpload.MinPartSize, Md5Digest.FromBytes(MD5.HashData(new[] { (byte)number })), null, $"{number}-x", T0);
}
