using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Domain;

public class ObjectMappingTests
{
    private static readonly Cid FirstCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly Cid SecondCid = Cid.Parse("bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai");
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Create_WithMd5_HasTheHexMd5AsETag()
    {
        var md5 = Md5Digest.FromBytes(Convert.FromHexString("6cd3556deb0da54bca060b4c39479839"));
        var mapping = Create(new ObjectContent(FirstCid, 13, md5));

        Assert.That(mapping.ETag, Is.EqualTo("6cd3556deb0da54bca060b4c39479839"));
        Assert.That(mapping.Cid, Is.EqualTo(FirstCid.Value));
        Assert.That(mapping.UpdatedAt, Is.EqualTo(T0));
    }

    [Test]
    public void Create_Multipart_HasTheCompositeETag()
    {
        var md5 = Md5Digest.FromBytes(new byte[16]);
        var mapping = Create(new ObjectContent(FirstCid, 13, md5, partCount: 3));

        Assert.That(mapping.ETag, Is.EqualTo("00000000000000000000000000000000-3"));
    }

    [Test]
    public void Create_Legacy_WithoutMd5_HasNoETag()
    {
        Assert.That(Create(new ObjectContent(FirstCid, 13, md5: null)).ETag, Is.Null);
    }

    [Test]
    public void PointTo_ReplacesContentHeadersAndMetadataAsAWhole()
    {
        var mapping = ObjectMapping.Create(
            Guid.NewGuid(), BucketName.Parse("b1x"), ObjectKey.Parse("k"),
            new ObjectContent(FirstCid, 13, null),
            new ContentHeaders(ContentType: "text/plain", CacheControl: "no-cache"),
            UserMetadata.From([KeyValuePair.Create("a", "1")]),
            new ObjectChecksum(ChecksumAlgorithm.Crc32, "AAAAAA=="),
            T0);

        mapping.PointTo(new ObjectContent(SecondCid, 5, null), ContentHeaders.None, UserMetadata.Empty, null, T0.AddMinutes(1));

        Assert.That(mapping.Cid, Is.EqualTo(SecondCid.Value));
        Assert.That(mapping.Size, Is.EqualTo(5));
        Assert.That(mapping.Headers, Is.EqualTo(ContentHeaders.None));
        Assert.That(mapping.Metadata, Is.Empty);
        Assert.That(mapping.Checksum, Is.Null);
        Assert.That(mapping.CreatedAt, Is.EqualTo(T0));
        Assert.That(mapping.UpdatedAt, Is.EqualTo(T0.AddMinutes(1)));
    }

    [Test]
    public void PointTo_WithAClockBehindCreation_NeverMovesLastModifiedBeforeCreation()
    {
        var mapping = Create(new ObjectContent(FirstCid, 13, null));

        mapping.PointTo(new ObjectContent(SecondCid, 5, null), ContentHeaders.None, UserMetadata.Empty, null, T0.AddMinutes(-5));

        Assert.That(mapping.UpdatedAt, Is.EqualTo(T0));
    }

    private static ObjectMapping Create(ObjectContent content) =>
        ObjectMapping.Create(Guid.NewGuid(), BucketName.Parse("b1x"), ObjectKey.Parse("dir/test.txt"), content,
            ContentHeaders.None, UserMetadata.Empty, null, T0);
}
