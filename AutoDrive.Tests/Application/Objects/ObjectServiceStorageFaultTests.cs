using AutoDrive.Application.Buckets;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoMapper;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Objects;

/// <summary>
/// A PUT whose store fails (disk full, I/O error) at a chosen point (the first write, a later write, the commit): the
/// double's writer throws the error the local adapter throws for that errno (<see cref="StorageFault"/>). The error
/// reaches the caller as it is (503 ServiceUnavailable), the writer is disposed (which discards its temporary file)
/// and nothing is recorded: no content, no mapping, no transaction begun.
/// </summary>
public class ObjectServiceStorageFaultTests
{
    private const int Enospc = 28;
    private const int Eio = 5;
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Cid StoredCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");

    private Mock<IObjectMappingRepository> _mappings = null!;
    private Mock<IStoredContentRepository> _contents = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private Mock<IDsnStorage> _dsn = null!;
    private Mock<IDsnContentWriter> _writer = null!;
    private ObjectService _service = null!;
    private int _writes;

    [SetUp]
    public void SetUp()
    {
        _writes = 0;
        _mappings = new Mock<IObjectMappingRepository>();
        _contents = new Mock<IStoredContentRepository>();
        _unitOfWork = new Mock<IUnitOfWork>();
        _writer = new Mock<IDsnContentWriter>();
        _dsn = new Mock<IDsnStorage>();
        _dsn.Setup(d => d.BeginWriteAsync(It.IsAny<ContentDescriptor>(), It.IsAny<CancellationToken>())).ReturnsAsync(_writer.Object);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var credits = new Mock<ICreditLedger>();
        credits.Setup(c => c.ChargeUploadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(CreditCharge.Unmetered);
        var mapper = new MapperConfiguration(cfg => cfg.AddProfile<ObjectMappingProfile>()).CreateMapper();
        _service = new ObjectService(
            _mappings.Object, new ObjectKeyMapper(_mappings.Object, new Mock<IBucketRepository>().Object, _contents.Object, credits.Object, time),
            _unitOfWork.Object, new ContentIngestor(_dsn.Object), _dsn.Object, new PutObjectCommandValidator(), new CopyObjectCommandValidator(),
            credits.Object, mapper);
    }

    [TestCase(1, Enospc, "storage is full")]
    [TestCase(3, Enospc, "storage is full")]
    [TestCase(2, Eio, "I/O error")]
    public async Task PutObject_WhenTheStoreFailsAtTheNthWrite_ThrowsServiceUnavailableAndRecordsNothing(int failingWrite, int errno, string message)
    {
        _writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .Returns(() => ++_writes == failingWrite
                ? ValueTask.FromException(StorageFault.ForWrite(new IOException("No space left on device", errno)))
                : ValueTask.CompletedTask);

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.PutObjectAsync(Put(4 * ContentIngestor.BufferSize), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain(message));
        Assert.That(_writes, Is.EqualTo(failingWrite), "nothing is written after the failure");
        AssertNothingRecorded();
    }

    [Test]
    public async Task PutObject_WhenTheStoreFailsAtCommit_ThrowsServiceUnavailableAndRecordsNothing()
    {
        _writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        _writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(StorageFault.ForWrite(new IOException("No space left on device", Enospc)));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.PutObjectAsync(Put(1000), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        AssertNothingRecorded();
    }

    /// <summary>The control: the same double with no failure records the mapping (so the assertions above can fail).</summary>
    [Test]
    public async Task PutObject_WhenTheStoreDoesNotFail_RecordsTheMapping()
    {
        _writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        _writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new DsnStoredContent(StoredCid, 1000, 1, false));
        _unitOfWork
            .Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<ObjectMapping>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<ObjectMapping>> work, CancellationToken ct) => work(ct));

        await _service.PutObjectAsync(Put(1000), CancellationToken.None);

        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Once);
    }

    private static PutObjectCommand Put(int size) =>
        new(Owner, "b1x", "k", new MemoryStream(new byte[size]), size, ContentHeaders.None, [], null);

    private void AssertNothingRecorded()
    {
        _writer.Verify(w => w.DisposeAsync(), Times.Once);
        _unitOfWork.Verify(
            u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<ObjectMapping>>>(), It.IsAny<CancellationToken>()), Times.Never);
        _contents.Verify(c => c.RecordAsync(It.IsAny<StoredContent>(), It.IsAny<ContentOwnership>(), It.IsAny<CancellationToken>()), Times.Never);
        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Never);
    }
}
