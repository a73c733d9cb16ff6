using System.Net;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.S3.Listing;

/// <summary>ListBuckets, ListObjectsV2 and ListObjects (V1) through AWSSDK.S3 and raw HTTP, against the real server.</summary>
public class ListingApiTests
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static readonly string[] CephKeys = ["asdf", "boo/bar", "boo/baz/xyzzy", "cquux/thud", "cquux/bla"];

    private AutoDriveServer _server = null!;
    private AmazonS3Client _alice = null!;
    private AmazonS3Client _bob = null!;
    private HttpClient _raw = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _alice = S3Clients.Sdk(_server, _server.AliceKey);
        _bob = S3Clients.Sdk(_server, _server.BobKey);
        _raw = S3Clients.Raw(_server, _server.AliceKey);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _bob.Dispose();
        _raw.Dispose();
    }

    [Test]
    public async Task ListObjectsV2_PagedWithDelimiter_ListsEveryEntryOnceInOrder()
    {
        var bucket = SharedServer.UniqueBucket("v2");
        string[] keys = ["a/1", "a/2", "a/b/3", "b", "c d/e", "c+d", "d/", "d/x", "e", "f/g/h", "Z", "zz/1"];
        await PutAsync(bucket, keys);

        var entries = new List<string>();
        var pages = 0;
        string? token = null;
        ListObjectsV2Response page;
        do
        {
            page = await _alice.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket, Delimiter = "/", MaxKeys = 2, ContinuationToken = token,
            });
            pages++;
            entries.AddRange((page.S3Objects ?? []).Select(o => o.Key).Concat(page.CommonPrefixes ?? []).Order(StringComparer.Ordinal));
            Assert.That(page.KeyCount, Is.EqualTo((page.S3Objects?.Count ?? 0) + (page.CommonPrefixes?.Count ?? 0)));
            token = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        var expected = keys
            .Select(k => k.Contains('/', StringComparison.Ordinal) ? k[..(k.IndexOf('/', StringComparison.Ordinal) + 1)] : k)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(entries, Is.EqualTo(expected));
        Assert.That(pages, Is.EqualTo((expected.Count + 1) / 2));
    }

    [Test]
    public async Task ListObjectsV2_Object_CarriesMd5ETagSizeAndStorageClass()
    {
        var bucket = SharedServer.UniqueBucket("v2");
        await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/hello.txt", ContentBody = "Hello, world!" });

        var listing = await _alice.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "dir/", FetchOwner = true });

        var item = listing.S3Objects.Single();
        Assert.That(item.Key, Is.EqualTo("dir/hello.txt"));
        Assert.That(item.ETag, Is.EqualTo("\"6cd3556deb0da54bca060b4c39479839\""));
        Assert.That(item.Size, Is.EqualTo(13));
        Assert.That(item.StorageClass?.Value, Is.EqualTo("STANDARD"));
        Assert.That(item.Owner?.DisplayName, Is.EqualTo("alice"));
        Assert.That(item.LastModified, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task ListObjects_CephCaseWithMaxKeysOne_PagesByKeyAndCommonPrefix()
    {
        var bucket = SharedServer.UniqueBucket("v1");
        await PutAsync(bucket, CephKeys);

        var first = await _alice.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/", MaxKeys = 1 });
        var second = await _alice.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/", MaxKeys = 1, Marker = first.NextMarker });
        var third = await _alice.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/", MaxKeys = 1, Marker = second.NextMarker });

        Assert.That(first.S3Objects.Select(o => o.Key), Is.EqualTo(new[] { "asdf" }));
        Assert.That(first.NextMarker, Is.EqualTo("asdf"));
        Assert.That(first.IsTruncated, Is.True);
        Assert.That(second.CommonPrefixes, Is.EqualTo(new[] { "boo/" }));
        Assert.That(second.NextMarker, Is.EqualTo("boo/"));
        Assert.That(third.CommonPrefixes, Is.EqualTo(new[] { "cquux/" }));
        Assert.That(third.IsTruncated, Is.False);
    }

    [Test]
    public async Task ListObjects_Truncated_AlwaysHasNextMarker()
    {
        var bucket = SharedServer.UniqueBucket("v1");
        await PutAsync(bucket, ["k1", "k2", "k3"]);

        var page = await _alice.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = 2 });

        Assert.That(page.IsTruncated, Is.True);
        Assert.That(page.NextMarker, Is.EqualTo("k2"));
    }

    [Test]
    public async Task ListBuckets_ShowsTheCallersBucketsOnly()
    {
        var bucket = SharedServer.UniqueBucket("lb");
        await PutAsync(bucket, ["x"]);

        var alices = await _alice.ListBucketsAsync(new ListBucketsRequest());
        var bobs = await _bob.ListBucketsAsync(new ListBucketsRequest());

        var mine = alices.Buckets.Single(b => b.BucketName == bucket);
        Assert.That(mine.CreationDate, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromHours(1)));
        Assert.That(alices.Owner.DisplayName, Is.EqualTo("alice"));
        Assert.That(bobs.Buckets?.Select(b => b.BucketName) ?? [], Has.No.Member(bucket));
    }

    [Test]
    public async Task ListBuckets_WithMaxBuckets_PagesThroughAll()
    {
        await PutAsync(SharedServer.UniqueBucket("lbp"), ["x"]);
        await PutAsync(SharedServer.UniqueBucket("lbp"), ["x"]);
        var all = (await _alice.ListBucketsAsync(new ListBucketsRequest())).Buckets.Select(b => b.BucketName).ToList();

        var paged = new List<string>();
        string? token = null;
        do
        {
            var page = await _alice.ListBucketsAsync(new ListBucketsRequest { MaxBuckets = 1, ContinuationToken = token });
            Assert.That(page.Buckets, Has.Count.EqualTo(1));
            paged.AddRange(page.Buckets.Select(b => b.BucketName));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.That(paged, Is.EqualTo(all));
    }

    [Test]
    public async Task ListObjectsV2_OfABucketNeverWritten_IsNoSuchBucket()
    {
        var bucket = SharedServer.UniqueBucket("none");
        await PutAsync(bucket, ["alice-only"]);

        var never = await Assert.CatchAsync<AmazonS3Exception>(() => _alice.ListObjectsV2Async(new ListObjectsV2Request { BucketName = SharedServer.UniqueBucket("none") }));
        var othersBucket = await Assert.CatchAsync<AmazonS3Exception>(() => _bob.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
        var defaultBucket = await _bob.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "default" });

        Assert.That((never!.StatusCode, never.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "NoSuchBucket")));
        Assert.That((othersBucket!.StatusCode, othersBucket.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "NoSuchBucket")));
        Assert.That(defaultBucket.IsTruncated, Is.False);
    }

    [TestCase("list-type=2&max-keys=abc")]
    [TestCase("list-type=2&max-keys=-1")]
    [TestCase("max-keys=1.5")]
    [TestCase("list-type=2&continuation-token=not-a-token")]
    [TestCase("list-type=2&encoding-type=base64")]
    public async Task ListObjects_InvalidParameter_IsInvalidArgument(string query)
    {
        var bucket = SharedServer.UniqueBucket("bad");
        await PutAsync(bucket, ["x"]);

        using var response = await _raw.GetAsync($"/s3/{bucket}?{query}");
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Root!.Element("Code")!.Value, Is.EqualTo("InvalidArgument"));
    }

    [Test]
    public async Task ListObjectsV2_EncodingTypeUrl_PercentEncodesKeysAndEchoes()
    {
        var bucket = SharedServer.UniqueBucket("enc");
        await PutAsync(bucket, ["a b+c%d/é", "a b+c%d/x~y", "plain"]);

        var root = await GetXmlAsync($"/s3/{bucket}?list-type=2&encoding-type=url&prefix=a%20b%2B&delimiter=%25&start-after=a");
        var v1 = await GetXmlAsync($"/s3/{bucket}?encoding-type=url&prefix=a%20b%2B&marker=a%20");

        Assert.That(root.Name, Is.EqualTo(S3 + "ListBucketResult"));
        Assert.That(root.Element(S3 + "Prefix")!.Value, Is.EqualTo("a%20b%2B"));
        Assert.That(root.Element(S3 + "Delimiter")!.Value, Is.EqualTo("%25"));
        Assert.That(root.Element(S3 + "StartAfter")!.Value, Is.EqualTo("a"));
        Assert.That(root.Element(S3 + "EncodingType")!.Value, Is.EqualTo("url"));
        Assert.That(root.Elements(S3 + "CommonPrefixes").Select(p => p.Element(S3 + "Prefix")!.Value), Is.EqualTo(new[] { "a%20b%2Bc%25" }));
        Assert.That(v1.Element(S3 + "Prefix")!.Value, Is.EqualTo("a b+"), "V1 echoes the prefix raw");
        Assert.That(v1.Element(S3 + "Marker")!.Value, Is.EqualTo("a%20"));
        Assert.That(v1.Elements(S3 + "Contents").Select(c => c.Element(S3 + "Key")!.Value), Is.EqualTo(new[] { "a%20b%2Bc%25d/x~y", "a%20b%2Bc%25d/%C3%A9" }));
    }

    [Test]
    public async Task ListObjectsV2_ControlCharacterKey_NeedsEncodingTypeUrl()
    {
        var bucket = SharedServer.UniqueBucket("ctl");
        using (var put = await _raw.PutAsync($"/s3/{bucket}/bell%07key", new ByteArrayContent([1])))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var plain = await _raw.GetAsync($"/s3/{bucket}?list-type=2");
        var encoded = await GetXmlAsync($"/s3/{bucket}?list-type=2&encoding-type=url");

        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(XDocument.Parse(await plain.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value, Is.EqualTo("InvalidArgument"));
        Assert.That(encoded.Element(S3 + "Contents")!.Element(S3 + "Key")!.Value, Is.EqualTo("bell%07key"));
    }

    [Test]
    public async Task ListObjectsV2_MaxKeys_ZeroIsEmptyAndLargeIsClamped()
    {
        var bucket = SharedServer.UniqueBucket("mk");
        await PutAsync(bucket, ["a", "b"]);

        var zero = await GetXmlAsync($"/s3/{bucket}?list-type=2&max-keys=0");
        var large = await GetXmlAsync($"/s3/{bucket}?list-type=2&max-keys=99999999999");

        Assert.That(zero.Element(S3 + "KeyCount")!.Value, Is.EqualTo("0"));
        Assert.That(zero.Element(S3 + "IsTruncated")!.Value, Is.EqualTo("false"));
        Assert.That(large.Element(S3 + "MaxKeys")!.Value, Is.EqualTo("1000"));
        Assert.That(large.Element(S3 + "KeyCount")!.Value, Is.EqualTo("2"));
    }

    [Test]
    public async Task ListObjects_EmptyParameters_MeanAbsentAndAreEchoedEmpty()
    {
        var bucket = SharedServer.UniqueBucket("echo");
        await PutAsync(bucket, ["a/b", "c"]);

        var v2 = await GetXmlAsync($"/s3/{bucket}/?list-type=2&delimiter=&continuation-token=&start-after=&prefix=");
        var v1 = await GetXmlAsync($"/s3/{bucket}/");

        Assert.That(v2.Element(S3 + "Delimiter"), Is.Null);
        Assert.That(v2.Element(S3 + "ContinuationToken")!.Value, Is.Empty);
        Assert.That(v2.Element(S3 + "StartAfter")!.Value, Is.Empty);
        Assert.That(v2.Element(S3 + "Prefix")!.Value, Is.Empty);
        Assert.That(v2.Elements(S3 + "Contents").Select(c => c.Element(S3 + "Key")!.Value), Is.EqualTo(new[] { "a/b", "c" }));
        Assert.That(v1.Element(S3 + "Marker")!.Value, Is.Empty);
        Assert.That(v1.Element(S3 + "Prefix")!.Value, Is.Empty);
        Assert.That(v1.Element(S3 + "NextMarker"), Is.Null);
    }

    private async Task PutAsync(string bucket, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }
    }

    private async Task<XElement> GetXmlAsync(string path)
    {
        using var response = await _raw.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return XDocument.Parse(body).Root!;
    }
}
