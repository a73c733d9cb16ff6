using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.S3.Objects;

/// <summary>PutObject, GetObject and HeadObject through AWSSDK.S3 (default settings: signed aws-chunked with a
/// CRC32 trailer) and raw HTTP, against the real server and database; the round trips over plain HTTP and over
/// HTTPS (the server's self-signed certificate as the clients' only trusted root).</summary>
public class ObjectRoundTripTests
{
    private const string HelloCid = "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu";
    private const string HelloMd5 = "6cd3556deb0da54bca060b4c39479839";

    private AutoDriveServer _server = null!;
    private AmazonS3Client _alice = null!;
    private AmazonS3Client _aliceOverHttps = null!;
    private AmazonS3Client _bob = null!;

    private static IEnumerable<TestCaseData> RangesOverBothSchemes() =>
        from scheme in new[] { "http", "https" }
        from range in new[]
        {
            ("bytes=0-4", "Hello", "bytes 0-4/13"),
            ("bytes=-6", "world!", "bytes 7-12/13"),
            ("bytes=7-", "world!", "bytes 7-12/13"),
            ("bytes=7-1000", "world!", "bytes 7-12/13"),
        }
        select new TestCaseData(scheme, range.Item1, range.Item2, range.Item3);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _alice = S3Clients.Sdk(_server, _server.AliceKey);
        _aliceOverHttps = S3Clients.Sdk(_server, _server.AliceKey, https: true);
        _bob = S3Clients.Sdk(_server, _server.BobKey);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _aliceOverHttps.Dispose();
        _bob.Dispose();
    }

    [TestCase("http")]
    [TestCase("https")]
    public async Task PutObject_ThenHeadAndGet_ReturnTheMd5ETagAndTheAutoDriveCid(string scheme)
    {
        var alice = Alice(scheme);
        var bucket = SharedServer.UniqueBucket();
        var put = await alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/test.txt", ContentBody = "Hello, world!" });

        Assert.That(put.ETag, Is.EqualTo($"\"{HelloMd5}\""));
        Assert.That(put.ResponseMetadata.Metadata.ContainsKey("x-amz-request-id") || put.ResponseMetadata.RequestId.Length > 0, Is.True);

        var head = await alice.GetObjectMetadataAsync(bucket, "dir/test.txt");
        Assert.That(head.ETag, Is.EqualTo($"\"{HelloMd5}\""));
        Assert.That(head.Metadata["x-amz-meta-cid"], Is.EqualTo(HelloCid));
        Assert.That(head.ContentLength, Is.EqualTo(13));

        using var get = await alice.GetObjectAsync(bucket, "dir/test.txt");
        using var reader = new StreamReader(get.ResponseStream);
        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("Hello, world!"));
        Assert.That(get.ETag, Is.EqualTo($"\"{HelloMd5}\""));
        Assert.That(get.Metadata["x-amz-meta-cid"], Is.EqualTo(HelloCid));
    }

    [Test]
    public async Task GetObject_OfAnotherUsersObject_IsNotFound()
    {
        var bucket = SharedServer.UniqueBucket();
        await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "secret.txt", ContentBody = "alice only" });

        var error = await Assert.ThrowsAsync<NoSuchKeyException>(() => _bob.GetObjectAsync(bucket, "secret.txt"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.ErrorCode, Is.EqualTo("NoSuchKey"));
    }

    [Test]
    public async Task PutObject_KeepsMetadataAndContentHeaders()
    {
        var bucket = SharedServer.UniqueBucket();
        await using var body = new MemoryStream(Encoding.UTF8.GetBytes("data"));
        var request = new PutObjectRequest { BucketName = bucket, Key = "plain", InputStream = body, ContentType = "application/x-test" };
        request.Metadata.Add("color", "Blue");
        request.Headers.ContentDisposition = "attachment; filename=\"x.bin\"";
        request.Headers.CacheControl = "max-age=60";
        await _alice.PutObjectAsync(request);

        var head = await _alice.GetObjectMetadataAsync(bucket, "plain");

        Assert.That(head.Headers.ContentType, Is.EqualTo("application/x-test"));
        Assert.That(head.Metadata["x-amz-meta-color"], Is.EqualTo("Blue"));
        Assert.That(head.Headers.ContentDisposition, Is.EqualTo("attachment; filename=\"x.bin\""));
        Assert.That(head.Headers.CacheControl, Is.EqualTo("max-age=60"));
        Assert.That(head.Headers.ContentEncoding, Is.Null.Or.Empty, "aws-chunked is framing, never stored");
    }

    [Test]
    public async Task PutObject_WithoutContentType_IsServedAsBinaryOctetStream()
    {
        var bucket = SharedServer.UniqueBucket();
        using var http = S3Clients.Raw(_server, _server.AliceKey);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("no type"));

        using var put = await http.PutAsync($"/s3/{bucket}/untyped", content);
        var head = await _alice.GetObjectMetadataAsync(bucket, "untyped");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Headers.ContentType, Is.EqualTo("binary/octet-stream"));
    }

    [Test]
    public async Task PutObject_Again_PointsTheKeyAtTheNewContent()
    {
        var bucket = SharedServer.UniqueBucket();
        await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k.txt", ContentBody = "first", ContentType = "text/plain" });
        await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k.txt", ContentBody = "second version", ContentType = "application/x-second" });

        using var get = await _alice.GetObjectAsync(bucket, "k.txt");
        using var reader = new StreamReader(get.ResponseStream);

        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("second version"));
        Assert.That(get.Headers.ContentType, Is.EqualTo("application/x-second"), "the new write replaced the headers");
    }

    [TestCase("http")]
    [TestCase("https")]
    public async Task PutObject_OfSeveralMegabytes_StreamsAndKeepsEveryByte(string scheme)
    {
        var alice = Alice(scheme);
        var bucket = SharedServer.UniqueBucket();
        var bytes = new byte[7 * 1024 * 1024 + 3];
        new Random(42).NextBytes(bytes);
        await using (var body = new MemoryStream(bytes))
        {
            var put = await alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "big/blob.bin", InputStream = body });
            Assert.That(put.ETag, Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\""));
        }

        using var get = await alice.GetObjectAsync(bucket, "big/blob.bin");
        await using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(bytes));
    }

    [TestCaseSource(nameof(RangesOverBothSchemes))]
    public async Task GetObject_WithARange_AnswersPartialContent(string scheme, string range, string expected, string contentRange)
    {
        var bucket = SharedServer.UniqueBucket();
        await Alice(scheme).PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r.txt", ContentBody = "Hello, world!" });
        using var http = S3Clients.Raw(_server, _server.AliceKey, https: scheme == "https");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/s3/{bucket}/r.txt");
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(expected));
        Assert.That(response.Content.Headers.GetValues("Content-Range").Single(), Is.EqualTo(contentRange));
        Assert.That(response.Headers.AcceptRanges.Single(), Is.EqualTo("bytes"));
    }

    [Test]
    public async Task GetObject_WithARangeBeyondTheEnd_Answers416WithTheSize()
    {
        var bucket = SharedServer.UniqueBucket();
        await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r.txt", ContentBody = "Hello, world!" });
        using var http = S3Clients.Raw(_server, _server.AliceKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/s3/{bucket}/r.txt");
        request.Headers.TryAddWithoutValidation("Range", "bytes=13-20");

        using var response = await http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(416));
        Assert.That(await ErrorCodeAsync(response), Is.EqualTo("InvalidRange"));
        Assert.That(response.Content.Headers.GetValues("Content-Range").Single(), Is.EqualTo("bytes */13"));
    }

    [Test]
    public async Task GetObject_OfAMissingKey_AnswersNoSuchKeyXmlWithTheRequestId()
    {
        using var http = S3Clients.Raw(_server, _server.AliceKey);

        using var response = await http.GetAsync($"/s3/{SharedServer.UniqueBucket()}/missing.txt");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.StartWith("""<?xml version="1.0" encoding="UTF-8"?><Error>"""));
        var xml = XDocument.Parse(text);
        Assert.That(xml.Root!.Name.LocalName, Is.EqualTo("Error"));
        Assert.That(xml.Root.Element("Code")!.Value, Is.EqualTo("NoSuchKey"));
        Assert.That(xml.Root.Element("RequestId")!.Value, Is.EqualTo(response.Headers.GetValues("x-amz-request-id").Single()));
        Assert.That(response.Headers.Contains("x-amz-id-2"), Is.True);
    }

    [Test]
    public async Task HeadObject_OfAMissingKey_Answers404WithoutABody()
    {
        using var http = S3Clients.Raw(_server, _server.AliceKey);
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/s3/{SharedServer.UniqueBucket()}/missing.txt");

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(response.Headers.Contains("x-amz-request-id"), Is.True);
    }

    [Test]
    public async Task Request_WithoutCredentials_IsAccessDenied()
    {
        using var http = S3Clients.Raw(_server, apiKey: null);

        using var response = await http.GetAsync($"/s3/{SharedServer.UniqueBucket()}/k");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ErrorCodeAsync(response), Is.EqualTo("AccessDenied"));
    }

    [Test]
    public async Task Request_WithAnUnknownKey_IsInvalidAccessKeyId()
    {
        using var http = S3Clients.Raw(_server, "not-a-key");

        using var response = await http.GetAsync($"/s3/{SharedServer.UniqueBucket()}/k");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ErrorCodeAsync(response), Is.EqualTo("InvalidAccessKeyId"));
    }

    [Test]
    public async Task PutObject_WithAWrongContentMd5_IsBadDigest_AndLeavesNoObject()
    {
        var bucket = SharedServer.UniqueBucket();
        using var http = S3Clients.Raw(_server, _server.AliceKey);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("Hello, world!"));
        content.Headers.ContentMD5 = new byte[16];

        using var put = await http.PutAsync($"/s3/{bucket}/bad.txt", content);
        using var get = await http.GetAsync($"/s3/{bucket}/bad.txt");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("BadDigest"));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task PutObject_OfASingleSegment_StoresItInTheDefaultBucket()
    {
        using var http = S3Clients.Raw(_server, _server.AliceKey);
        var name = $"single-{Guid.NewGuid():N}.txt";
        using var content = new StringContent("legacy");

        using var put = await http.PutAsync($"/s3/{name}", content);
        var head = await _alice.GetObjectMetadataAsync("default", name);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.ContentLength, Is.EqualTo(6));
    }

    [Test]
    public async Task DeleteObject_IsRefusedBecauseStorageIsPermanent()
    {
        var bucket = SharedServer.UniqueBucket();
        await _alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "keep.txt", ContentBody = "forever" });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _alice.DeleteObjectAsync(bucket, "keep.txt"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ErrorCode, Is.EqualTo("AccessDenied"));
        Assert.That(error.Message, Does.Contain("permanent"));
        Assert.That((await _alice.GetObjectMetadataAsync(bucket, "keep.txt")).ContentLength, Is.EqualTo(7));
    }

    private AmazonS3Client Alice(string scheme) => scheme switch
    {
        "http" => _alice,
        "https" => _aliceOverHttps,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Expected http or https."),
    };

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value;
}
