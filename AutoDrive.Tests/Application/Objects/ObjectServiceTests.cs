using AutoDrive.Application.Credits;
using AutoDrive.Application.Buckets;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoMapper;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AutoDrive.Tests.Application.Objects;

public class ObjectServiceTests
{
    private static readonly Cid StoredCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly Guid Owner = Guid.NewGuid();

    private Mock<ICreditLedger> _credits = null!;
    private Mock<IObjectMappingRepository> _mappings = null!;
    private Mock<IBucketRepository> _buckets = null!;
    private Mock<IStoredContentRepository> _contents = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private Mock<IDsnStorage> _dsn = null!;
    private Mock<IDsnContentWriter> _writer = null!;
    private FakeTimeProvider _time = null!;
    private ObjectService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _mappings = new Mock<IObjectMappingRepository>();
        _buckets = new Mock<IBucketRepository>();
        _contents = new Mock<IStoredContentRepository>();
        _unitOfWork = new Mock<IUnitOfWork>();
        _unitOfWork
            .Setup(u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<ObjectMapping>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<ObjectMapping>> work, CancellationToken ct) => work(ct));
        _writer = new Mock<IDsnContentWriter>();
        _writer.Setup(w => w.CommitAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new DsnStoredContent(StoredCid, 13, 1, false));
        _dsn = new Mock<IDsnStorage>();
        _dsn.Setup(d => d.BeginWriteAsync(It.IsAny<ContentDescriptor>(), It.IsAny<CancellationToken>())).ReturnsAsync(_writer.Object);
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var mapper = new MapperConfiguration(cfg => cfg.AddProfile<ObjectMappingProfile>()).CreateMapper();
        _credits = new Mock<ICreditLedger>();
        _credits.Setup(c => c.ChargeUploadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(CreditCharge.Unmetered);
        _credits.Setup(c => c.ChargeDownloadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(CreditCharge.Unmetered);
        _service = new ObjectService(
            _mappings.Object, new ObjectKeyMapper(_mappings.Object, _buckets.Object, _contents.Object, _credits.Object, _time), _unitOfWork.Object,
            new ContentIngestor(_dsn.Object), _dsn.Object, new PutObjectCommandValidator(), new CopyObjectCommandValidator(), _credits.Object, mapper);
    }

    [Test]
    public async Task PutObjectAsync_NewKey_StoresTheContentThenMapsTheKey()
    {
        ObjectMapping? added = null;
        _mappings.Setup(m => m.Add(It.IsAny<ObjectMapping>())).Callback<ObjectMapping>(m => added = m);

        var result = await _service.PutObjectAsync(Put("b1x", "dir/test.txt", "Hello, world!"), CancellationToken.None);

        Assert.That(result.ETag, Is.EqualTo("6cd3556deb0da54bca060b4c39479839"));
        Assert.That(result.Cid, Is.EqualTo(StoredCid.Value));
        _dsn.Verify(d => d.BeginWriteAsync(new ContentDescriptor("test.txt", UploadOptions.None), It.IsAny<CancellationToken>()));
        _buckets.Verify(b => b.EnsureExistsAsync(It.Is<Bucket>(x => x.Name == "b1x" && x.OwnerId == Owner), It.IsAny<CancellationToken>()));
        _contents.Verify(c => c.RecordAsync(
            It.Is<StoredContent>(s => s.Cid == StoredCid.Value && s.Size == 13),
            It.Is<ContentOwnership>(o => o.UserId == Owner),
            It.IsAny<CancellationToken>()));
        Assert.That(added, Is.Not.Null);
        Assert.That(added!.Key, Is.EqualTo("dir/test.txt"));
        Assert.That(added.OwnerId, Is.EqualTo(Owner));
        Assert.That(added.UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public async Task PutObjectAsync_ExistingKey_PointsTheMappingAtTheNewContent()
    {
        var existing = ObjectMapping.Create(Owner, BucketName.Parse("b1x"), ObjectKey.Parse("k"),
            new ObjectContent(Cid.Parse("bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai"), 5, null),
            new ContentHeaders(ContentType: "text/old"), UserMetadata.Empty, null, _time.GetUtcNow().AddDays(-1));
        _mappings.Setup(m => m.FindAsync(Owner, BucketName.Parse("b1x"), ObjectKey.Parse("k"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(existing);

        await _service.PutObjectAsync(Put("b1x", "k", "Hello, world!"), CancellationToken.None);

        Assert.That(existing.Cid, Is.EqualTo(StoredCid.Value));
        Assert.That(existing.ContentType, Is.Null, "a re-upload replaces the headers as a whole");
        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Never);
    }

    [Test]
    public async Task PutObjectAsync_WithCompressionAndEncryptionMetadata_PutsThemIntoTheCidOptions()
    {
        var command = Put("b1x", "hello.txt", "hello") with
        {
            Metadata = [KeyValuePair.Create("compression", "ZLIB"), KeyValuePair.Create("encryption", "AES_256_GCM")],
        };

        await _service.PutObjectAsync(command, CancellationToken.None);

        var expected = new UploadOptions(new CompressionOptions(CompressionAlgorithm.Zlib), new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm));
        _dsn.Verify(d => d.BeginWriteAsync(new ContentDescriptor("hello.txt", expected), It.IsAny<CancellationToken>()));
    }

    [TestCase("no/", "k", ErrorKind.InvalidBucketName)]
    [TestCase("b1x", "", ErrorKind.InvalidArgument)]
    public async Task PutObjectAsync_WhenTheAddressIsInvalid_StoresNothing(string bucket, string key, ErrorKind kind)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.PutObjectAsync(Put(bucket, key, "x"), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(kind));
        _dsn.Verify(d => d.BeginWriteAsync(It.IsAny<ContentDescriptor>(), It.IsAny<CancellationToken>()), Times.Never);
        _mappings.Verify(m => m.Add(It.IsAny<ObjectMapping>()), Times.Never);
    }

    [Test]
    public async Task PutObjectAsync_WhenMetadataIsTooLarge_ThrowsMetadataTooLarge()
    {
        var command = Put("b1x", "k", "x") with { Metadata = [KeyValuePair.Create("big", new string('x', 3000))] };

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.PutObjectAsync(command, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.MetadataTooLarge));
        _dsn.Verify(d => d.BeginWriteAsync(It.IsAny<ContentDescriptor>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task PutObjectAsync_WhenTheBodyFailsValidation_NeverMapsTheKey()
    {
        var command = Put("b1x", "k", "Hello, world!") with { ContentMd5 = Md5Digest.FromBytes(new byte[16]) };

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.PutObjectAsync(command, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.DigestMismatch));
        _unitOfWork.Verify(
            u => u.ExecuteAsync(It.IsAny<Func<CancellationToken, Task<ObjectMapping>>>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Test]
    public async Task GetObjectAsync_UnknownKey_ThrowsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            _service.GetObjectAsync(new GetObjectQuery(Owner, "b1x", "missing"), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ObjectNotFound));
    }

    [Test]
    public async Task GetObjectAsync_WithARange_ReadsOnlyThoseBytes()
    {
        var mapping = ObjectMapping.Create(Owner, BucketName.Parse("b1x"), ObjectKey.Parse("k"),
            new ObjectContent(StoredCid, 100, Md5Digest.FromBytes(new byte[16])),
            new ContentHeaders(ContentType: "text/plain"), UserMetadata.From([KeyValuePair.Create("color", "blue")]), null, _time.GetUtcNow());
        _mappings.Setup(m => m.FindForReadAsync(Owner, BucketName.Parse("b1x"), ObjectKey.Parse("k"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(mapping);
        _dsn.Setup(d => d.OpenReadAsync(StoredCid, 90, 10, It.IsAny<CancellationToken>())).ReturnsAsync(new MemoryStream(new byte[10]));

        await using var download = await _service.GetObjectAsync(
            new GetObjectQuery(Owner, "b1x", "k", new RangeRequest(null, 10)), CancellationToken.None);

        Assert.That(download.Range, Is.EqualTo(new ByteRange(90, 99)));
        Assert.That(download.Description.Size, Is.EqualTo(100));
        Assert.That(download.Description.ContentType, Is.EqualTo("text/plain"));
        Assert.That(download.Description.Metadata["color"], Is.EqualTo("blue"));
        Assert.That(download.Description.Cid, Is.EqualTo(StoredCid.Value));
    }

    [Test]
    public void ObjectMappingProfile_IsValid()
    {
        new MapperConfiguration(cfg => cfg.AddProfile<ObjectMappingProfile>()).AssertConfigurationIsValid();
    }

    private static PutObjectCommand Put(string bucket, string key, string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        return new PutObjectCommand(Owner, bucket, key, new MemoryStream(bytes), bytes.Length, ContentHeaders.None, [], null);
    }
}
