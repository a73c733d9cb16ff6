using AutoDrive.Application.Listing;
using AutoDrive.Domain.Common;
using Moq;

namespace AutoDrive.Tests.Application.Listing;

public class ListingServiceTests
{
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly DateTimeOffset Written = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Md5 = Convert.FromHexString("6cd3556deb0da54bca060b4c39479839");

    private Mock<IObjectListingQuery> _objects = null!;
    private Mock<IBucketListingQuery> _buckets = null!;
    private ListingService _service = null!;
    private List<ListingPageQuery> _queries = null!;

    [SetUp]
    public void SetUp()
    {
        _objects = new Mock<IObjectListingQuery>();
        _buckets = new Mock<IBucketListingQuery>();
        _buckets.Setup(b => b.ExistsAsync(Owner, "b1", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _queries = [];
        _service = new ListingService(_objects.Object, _buckets.Object, new ListObjectsRequestValidator(), new ListBucketsRequestValidator());
    }

    [Test]
    public async Task ListObjectsAsync_NoMaxKeys_AsksForTheDefaultPageAndOneMore()
    {
        Returns();

        var listing = await _service.ListObjectsAsync(V2(), CancellationToken.None);

        Assert.That(_queries.Single().Limit, Is.EqualTo(1001));
        Assert.That(listing.MaxKeys, Is.EqualTo(1000));
    }

    [TestCase("5000", 1000)]
    [TestCase("99999999999999999999", 1000)]
    [TestCase("7", 7)]
    [TestCase("0007", 7)]
    public async Task ListObjectsAsync_MaxKeys_IsClampedToTheCap(string maxKeys, int expected)
    {
        Returns();

        var listing = await _service.ListObjectsAsync(V2() with { MaxKeys = maxKeys }, CancellationToken.None);

        Assert.That(listing.MaxKeys, Is.EqualTo(expected));
        Assert.That(_queries.Single().Limit, Is.EqualTo(expected + 1));
    }

    [Test]
    public async Task ListObjectsAsync_MaxKeysZero_IsEmptyAndNotTruncatedWithoutReading()
    {
        var listing = await _service.ListObjectsAsync(V2() with { MaxKeys = "0" }, CancellationToken.None);

        Assert.That(listing.IsTruncated, Is.False);
        Assert.That(listing.KeyCount, Is.Zero);
        _objects.VerifyNoOtherCalls();
    }

    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("+1")]
    [TestCase("1.0")]
    [TestCase(" 1")]
    [TestCase("")]
    public async Task ListObjectsAsync_MaxKeysNotANonNegativeInteger_ThrowsInvalidArgument(string maxKeys)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2() with { MaxKeys = maxKeys }, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public async Task ListObjectsAsync_MoreRowsThanMaxKeys_IsTruncatedWithATokenPastTheLastEntry()
    {
        Returns(Key("a"), Prefix("b/", "b/1"), Key("c"));

        var listing = await _service.ListObjectsAsync(V2() with { MaxKeys = "2", Delimiter = "/" }, CancellationToken.None);

        Assert.That(listing.IsTruncated, Is.True);
        Assert.That(listing.Objects.Select(o => o.Key), Is.EqualTo(new[] { "a" }));
        Assert.That(listing.CommonPrefixes, Is.EqualTo(new[] { "b/" }));
        Assert.That(listing.KeyCount, Is.EqualTo(2));
        Assert.That(ListingToken.TryDecode(listing.NextContinuationToken, out var next), Is.True);
        Assert.That(next, Is.EqualTo(new ListingStart("b/", ListingBoundKind.PastPrefix)));
        Assert.That(listing.NextMarker, Is.Null, "V2 has no NextMarker");
    }

    [Test]
    public async Task ListObjectsAsync_ExactlyMaxKeysRows_IsNotTruncated()
    {
        Returns(Key("a"), Key("b"));

        var listing = await _service.ListObjectsAsync(V2() with { MaxKeys = "2" }, CancellationToken.None);

        Assert.That(listing.IsTruncated, Is.False);
        Assert.That(listing.NextContinuationToken, Is.Null);
        Assert.That(listing.KeyCount, Is.EqualTo(2));
    }

    [Test]
    public async Task ListObjectsAsync_ContinuationToken_StartsWhereItPointsAndWinsOverStartAfter()
    {
        Returns();
        var token = ListingToken.Encode(new ListingStart("photos/2026/", ListingBoundKind.PastPrefix));

        var listing = await _service.ListObjectsAsync(V2() with { ContinuationToken = token, StartAfter = "zzz" }, CancellationToken.None);

        Assert.That(_queries.Single().Start, Is.EqualTo(new ListingStart("photos/2026/", ListingBoundKind.PastPrefix)));
        Assert.That(listing.ContinuationToken, Is.EqualTo(token));
        Assert.That(listing.StartAfter, Is.EqualTo("zzz"));
    }

    [TestCase("garbage!")]
    [TestCase("AQ")]
    [TestCase("BQBh")]
    [TestCase("AQVh")]
    [TestCase("AQD_")]
    public async Task ListObjectsAsync_InvalidContinuationToken_ThrowsInvalidArgument(string token)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2() with { ContinuationToken = token }, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public async Task ListObjectsAsync_EmptyTokenAndStartAfter_MeanFromTheStart()
    {
        Returns();

        var listing = await _service.ListObjectsAsync(V2() with { ContinuationToken = "", StartAfter = "" }, CancellationToken.None);

        Assert.That(_queries.Single().Start, Is.Null);
        Assert.That((listing.ContinuationToken, listing.StartAfter), Is.EqualTo(("", "")));
    }

    [TestCase("boo/", "boo/", ListingBoundKind.PastPrefix)]
    [TestCase("boo/bar", "boo/", ListingBoundKind.PastPrefix)]
    [TestCase("boo/baz/", "boo/", ListingBoundKind.PastPrefix)]
    [TestCase("boo", "boo", ListingBoundKind.After)]
    [TestCase("asdf", "asdf", ListingBoundKind.After)]
    public async Task ListObjectsAsync_V1Marker_ContinuesPastTheCommonPrefixItIsUnder(string marker, string expectedValue, ListingBoundKind expectedKind)
    {
        Returns();

        var listing = await _service.ListObjectsAsync(V1() with { Marker = marker, Delimiter = "/" }, CancellationToken.None);

        Assert.That(_queries.Single().Start, Is.EqualTo(new ListingStart(expectedValue, expectedKind)));
        Assert.That(listing.Marker, Is.EqualTo(marker));
    }

    [Test]
    public async Task ListObjectsAsync_MarkerWithoutDelimiter_ContinuesAfterItself()
    {
        Returns();

        await _service.ListObjectsAsync(V2() with { StartAfter = "boo/bar" }, CancellationToken.None);

        Assert.That(_queries.Single().Start, Is.EqualTo(new ListingStart("boo/bar", ListingBoundKind.After)));
    }

    [Test]
    public async Task ListObjectsAsync_V1MarkerUnderAPrefix_IsACommonPrefixRelativeToIt()
    {
        Returns();

        await _service.ListObjectsAsync(V1() with { Prefix = "photos/", Marker = "photos/2026/07/x.jpg", Delimiter = "/" }, CancellationToken.None);

        Assert.That(_queries.Single().Start, Is.EqualTo(new ListingStart("photos/2026/", ListingBoundKind.PastPrefix)));
    }

    [Test]
    public async Task ListObjectsAsync_V1Truncated_NextMarkerIsTheLastKeyOrCommonPrefix()
    {
        Returns(Key("asdf"), Prefix("boo/", "boo/bar"));
        var onKey = await _service.ListObjectsAsync(V1() with { MaxKeys = "1", Delimiter = "/" }, CancellationToken.None);
        Returns(Prefix("boo/", "boo/bar"), Prefix("cquux/", "cquux/bla"));
        var onPrefix = await _service.ListObjectsAsync(V1() with { MaxKeys = "1", Delimiter = "/", Marker = "asdf" }, CancellationToken.None);

        Assert.That(onKey.NextMarker, Is.EqualTo("asdf"));
        Assert.That(onPrefix.NextMarker, Is.EqualTo("boo/"));
        Assert.That(onPrefix.NextContinuationToken, Is.Null);
    }

    [Test]
    public async Task ListObjectsAsync_V1WithoutMarker_EchoesAnEmptyMarker()
    {
        Returns(Key("a"));

        var listing = await _service.ListObjectsAsync(V1(), CancellationToken.None);

        Assert.That(listing.Marker, Is.Empty);
        Assert.That(listing.NextMarker, Is.Null);
    }

    [Test]
    public async Task ListObjectsAsync_EmptyDelimiter_MeansNone()
    {
        Returns();

        var listing = await _service.ListObjectsAsync(V2() with { Delimiter = "" }, CancellationToken.None);

        Assert.That(_queries.Single().Delimiter, Is.Null);
        Assert.That(listing.Delimiter, Is.Null);
    }

    [Test]
    public async Task ListObjectsAsync_ETags_ComeFromTheMappingRow()
    {
        Returns(
            Key("single"),
            Key("multipart") with { PartCount = 3 },
            Key("legacy") with { Md5 = null, Cid = "bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai" });

        var listing = await _service.ListObjectsAsync(V2(), CancellationToken.None);

        Assert.That(listing.Objects.Select(o => o.ETag), Is.EqualTo(new[]
        {
            "6cd3556deb0da54bca060b4c39479839",
            "6cd3556deb0da54bca060b4c39479839-3",
            "bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai",
        }));
        Assert.That(listing.Objects.Select(o => (o.Size, o.LastModified)), Is.All.EqualTo((13L, Written)));
    }

    [Test]
    public async Task ListObjectsAsync_UnknownBucket_ThrowsNoSuchBucket()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2() with { Bucket = "never" }, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.BucketNotFound));
        _objects.VerifyNoOtherCalls();
    }

    [Test]
    public async Task ListObjectsAsync_DefaultBucket_AlwaysExists()
    {
        Returns();

        var listing = await _service.ListObjectsAsync(V2() with { Bucket = "default" }, CancellationToken.None);

        Assert.That(listing.Bucket, Is.EqualTo("default"));
        _buckets.Verify(b => b.ExistsAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task ListObjectsAsync_InvalidBucketName_ThrowsNoSuchBucket()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2() with { Bucket = "-bad-" }, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.BucketNotFound));
    }

    [Test]
    public async Task ListObjectsAsync_ControlCharacterKeyWithoutEncoding_ThrowsInvalidArgument()
    {
        Returns(Key("bell\u0007key"));

        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2(), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(error.Message, Does.Contain("encoding-type=url"));
    }

    [Test]
    public async Task ListObjectsAsync_ControlCharacterKeyWithUrlEncoding_IsListed()
    {
        Returns(Key("bell\u0007key"), Prefix("\uFFFE/", "\uFFFE/x"));

        var listing = await _service.ListObjectsAsync(V2() with { EncodingType = "url", Delimiter = "/" }, CancellationToken.None);

        Assert.That(listing.UrlEncoded, Is.True);
        Assert.That(listing.Objects.Single().Key, Is.EqualTo("bell\u0007key"));
    }

    [TestCase("base64")]
    [TestCase("URL ")]
    public async Task ListObjectsAsync_UnknownEncodingType_ThrowsInvalidArgument(string encoding)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2() with { EncodingType = encoding }, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public async Task ListObjectsAsync_NulInPrefix_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListObjectsAsync(V2() with { Prefix = "a\0" }, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public async Task ListBucketsAsync_WithoutMaxBuckets_AsksForTheDefaultCapPlusOne_AndReturnsAllWithoutToken()
    {
        BucketPageQuery? asked = null;
        _buckets.Setup(b => b.ListAsync(It.IsAny<BucketPageQuery>(), It.IsAny<CancellationToken>()))
            .Callback<BucketPageQuery, CancellationToken>((q, _) => asked = q)
            .ReturnsAsync([new BucketSummary("a", Written), new BucketSummary("b", Written)]);

        var listing = await _service.ListBucketsAsync(new ListBucketsRequest(Owner), CancellationToken.None);

        Assert.That(asked, Is.EqualTo(new BucketPageQuery(Owner, "", null, ListingLimits.MaxBucketsCap + 1)));
        Assert.That(listing.Buckets.Select(b => b.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(listing.ContinuationToken, Is.Null);
    }

    [Test]
    public async Task ListBucketsAsync_WithoutMaxBuckets_BeyondTheCap_AnswersTheCapAndAToken()
    {
        var many = Enumerable.Range(0, ListingLimits.MaxBucketsCap + 1).Select(i => new BucketSummary($"b{i:D5}", Written)).ToList();
        _buckets.Setup(b => b.ListAsync(It.IsAny<BucketPageQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(many);

        var listing = await _service.ListBucketsAsync(new ListBucketsRequest(Owner), CancellationToken.None);

        Assert.That(listing.Buckets, Has.Count.EqualTo(ListingLimits.MaxBucketsCap));
        Assert.That(ListingToken.TryDecode(listing.ContinuationToken, out var next), Is.True);
        Assert.That(next!.Value, Is.EqualTo("b09999"));
    }

    [Test]
    public async Task ListBucketsAsync_MaxBuckets_PagesWithATokenAfterTheLastName()
    {
        var asked = new List<BucketPageQuery>();
        _buckets.Setup(b => b.ListAsync(It.IsAny<BucketPageQuery>(), It.IsAny<CancellationToken>()))
            .Callback<BucketPageQuery, CancellationToken>((q, _) => asked.Add(q))
            .ReturnsAsync([new BucketSummary("a", Written), new BucketSummary("b", Written)]);

        var first = await _service.ListBucketsAsync(new ListBucketsRequest(Owner, MaxBuckets: "1"), CancellationToken.None);
        await _service.ListBucketsAsync(new ListBucketsRequest(Owner, MaxBuckets: "1", ContinuationToken: first.ContinuationToken), CancellationToken.None);

        Assert.That(first.Buckets.Select(b => b.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(asked.Select(q => (q.After, q.Limit)), Is.EqualTo(new[] { ((string?)null, (int?)2), ("a", 2) }));
    }

    [TestCase("0")]
    [TestCase("10001")]
    [TestCase("x")]
    public async Task ListBucketsAsync_InvalidMaxBuckets_ThrowsInvalidArgument(string maxBuckets)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.ListBucketsAsync(new ListBucketsRequest(Owner, maxBuckets), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    private static ListObjectsRequest V2() => new(Owner, "b1", ListingVersion.V2);

    private static ListObjectsRequest V1() => new(Owner, "b1", ListingVersion.V1);

    private static ListingRow Key(string key) => new(key, null, 13, Md5, null, "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu", Written);

    private static ListingRow Prefix(string prefix, string firstKey) => Key(firstKey) with { CommonPrefix = prefix };

    private void Returns(params ListingRow[] rows) =>
        _objects.Setup(o => o.ListAsync(It.IsAny<ListingPageQuery>(), It.IsAny<CancellationToken>()))
            .Callback<ListingPageQuery, CancellationToken>((q, _) => _queries.Add(q))
            .ReturnsAsync((ListingPageQuery q, CancellationToken _) => rows.Take(q.Limit).ToList());
}
