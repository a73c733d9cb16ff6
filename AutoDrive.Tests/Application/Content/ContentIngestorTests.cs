using System.Security.Cryptography;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using Moq;

namespace AutoDrive.Tests.Application.Content;

public class ContentIngestorTests
{
    private static readonly Cid SomeCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly ContentDescriptor Descriptor = new("file.bin", UploadOptions.None);

    private Mock<IDsnStorage> _dsn = null!;
    private Mock<IDsnContentWriter> _writer = null!;
    private MemoryStream _written = null!;

    [SetUp]
    public void SetUp()
    {
        _written = new MemoryStream();
        _writer = new Mock<IDsnContentWriter>();
        _writer.Setup(w => w.WriteAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .Callback<ReadOnlyMemory<byte>, CancellationToken>((data, _) => _written.Write(data.Span))
            .Returns(ValueTask.CompletedTask);
        _writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new DsnStoredContent(SomeCid, _written.Length, 1, false));
        _dsn = new Mock<IDsnStorage>();
        _dsn.Setup(d => d.BeginWriteAsync(Descriptor, It.IsAny<CancellationToken>())).ReturnsAsync(_writer.Object);
    }

    [TearDown]
    public void TearDown() => _written.Dispose();

    [TestCase(0)]
    [TestCase(13)]
    [TestCase(ContentIngestor.BufferSize)]
    [TestCase(3 * ContentIngestor.BufferSize + 17)]
    public async Task IngestAsync_WritesEveryByteInOrderAndComputesTheMd5(int size)
    {
        var bytes = Pattern(size);

        var result = await new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(new MemoryStream(bytes), size, long.MaxValue, null), Descriptor, CancellationToken.None);

        Assert.That(_written.ToArray(), Is.EqualTo(bytes));
        Assert.That(result.Md5.ToHex(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(bytes))));
        Assert.That(result.Stored.Size, Is.EqualTo(size));
        _writer.Verify(w => w.CommitAsync(It.IsAny<CancellationToken>()), Times.Once);
        _writer.Verify(w => w.DisposeAsync(), Times.Once);
    }

    [Test]
    public async Task IngestAsync_WithMatchingContentMd5_Commits()
    {
        var bytes = Pattern(1000);
        var md5 = Md5Digest.FromBytes(MD5.HashData(bytes));

        var result = await new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(new MemoryStream(bytes), null, long.MaxValue, md5), Descriptor, CancellationToken.None);

        Assert.That(result.Md5, Is.EqualTo(md5));
    }

    [Test]
    public async Task IngestAsync_WithWrongContentMd5_ThrowsBadDigestAndCommitsNothing()
    {
        var wrong = Md5Digest.FromBytes(new byte[16]);

        var error = await Assert.ThrowsAsync<DomainException>(() => new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(new MemoryStream(Pattern(1000)), 1000, long.MaxValue, wrong), Descriptor, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
        AssertDiscarded();
    }

    [TestCase(999L)]
    [TestCase(1001L)]
    public async Task IngestAsync_WhenTheBodyDiffersFromItsDeclaredLength_ThrowsIncompleteBody(long declared)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(new MemoryStream(Pattern(1000)), declared, long.MaxValue, null), Descriptor, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.IncompleteBody));
        AssertDiscarded();
    }

    [Test]
    public async Task IngestAsync_WhenLargerThanTheLimit_ThrowsEntityTooLarge()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(new MemoryStream(Pattern(1000)), null, 999, null), Descriptor, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ContentTooLarge));
        AssertDiscarded();
    }

    [Test]
    public async Task IngestAsync_WhenDeclaredLargerThanTheLimit_RefusesBeforeWriting()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(new MemoryStream(Pattern(10)), 10_000, 999, null), Descriptor, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ContentTooLarge));
        _dsn.Verify(d => d.BeginWriteAsync(It.IsAny<ContentDescriptor>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task IngestAsync_WhenTheBodyFails_CommitsNothing()
    {
        var body = new FailingStream(Pattern(ContentIngestor.BufferSize + 10), failAfter: ContentIngestor.BufferSize + 5);

        await Assert.ThrowsAsync<IOException>(() => new ContentIngestor(_dsn.Object).IngestAsync(
            new IngestRequest(body, null, long.MaxValue, null), Descriptor, CancellationToken.None));

        AssertDiscarded();
    }

    private void AssertDiscarded()
    {
        _writer.Verify(w => w.CommitAsync(It.IsAny<CancellationToken>()), Times.Never);
        _writer.Verify(w => w.DisposeAsync(), Times.Once);
    }

    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        return bytes;
    }

    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }

            var limit = (int)Math.Min(buffer.Length, failAfter - Position);
            return await base.ReadAsync(buffer[..limit], cancellationToken);
        }
    }
}
