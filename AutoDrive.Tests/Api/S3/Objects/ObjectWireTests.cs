using System.IO.Hashing;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3.Model;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Infrastructure.Persistence;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Tests.Api.S3.Objects;

/// <summary>What real clients send around objects (docs/s3-wire.md, request bodies and objects): conditionals, overrides, checksums, copies,
/// ACL headers, framing, limits — each checked for code and status on the wire, over plain HTTP and over HTTPS (the
/// server's self-signed certificate as the clients' only trusted root).</summary>
[TestFixture("http")]
[TestFixture("https")]
public class ObjectWireTests(string scheme) : S3SchemeFixture(scheme)
{
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task PutHelloAsync()
    {
        _bucket = SharedServer.UniqueBucket("wire");
        await Alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "hello.txt", ContentBody = "Hello, world!" });
    }

    [TestCase("GET")]
    [TestCase("HEAD")]
    public async Task IfNoneMatch_WhenTheETagMatches_Answers304WithValidatorsOnly(string method)
    {
        using var response = await SendAsync(method, "hello.txt", ("If-None-Match", "\"6cd3556deb0da54bca060b4c39479839\""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"6cd3556deb0da54bca060b4c39479839\""));
        Assert.That(response.Content.Headers.LastModified, Is.Not.Null);
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [TestCase("GET")]
    [TestCase("HEAD")]
    public async Task IfMatch_WhenTheETagDiffers_Answers412(string method)
    {
        using var response = await SendAsync(method, "hello.txt", ("If-Match", "\"00000000000000000000000000000000\""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        if (method == "GET")
        {
            Assert.That(await ErrorCodeAsync(response), Is.EqualTo("PreconditionFailed"));
        }
    }

    [Test]
    public async Task IfMatch_WithTheETagAndARange_AnswersThePart()
    {
        using var response = await SendAsync("GET", "hello.txt", ("If-Match", "\"6cd3556deb0da54bca060b4c39479839\""), ("Range", "bytes=0-4"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Hello"));
    }

    [Test]
    public async Task Head_WithARange_Answers206WithTheRangesLength_AndPastTheEnd416WithTheSize()
    {
        using var partial = await SendAsync("HEAD", "hello.txt", ("Range", "bytes=0-1"));
        using var beyond = await SendAsync("HEAD", "hello.txt", ("Range", "bytes=13-"));

        Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(partial.Content.Headers.ContentLength, Is.EqualTo(2));
        Assert.That(partial.Content.Headers.GetValues("Content-Range").Single(), Is.EqualTo("bytes 0-1/13"));
        Assert.That((int)beyond.StatusCode, Is.EqualTo(416));
        Assert.That(beyond.Content.Headers.GetValues("Content-Range").Single(), Is.EqualTo("bytes */13"));
        Assert.That(await beyond.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task IfModifiedSince_InTheFuture_Answers304_AndIfUnmodifiedSince_InThePast_Answers412()
    {
        using var notModified = await SendAsync("GET", "hello.txt", ("If-Modified-Since", DateTimeOffset.UtcNow.AddDays(1).ToString("r")));
        using var failed = await SendAsync("GET", "hello.txt", ("If-Unmodified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("r")));
        using var modified = await SendAsync("GET", "hello.txt", ("If-Modified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("r")));

        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(modified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Conditionals_FollowRfc7232Order()
    {
        // A matching If-Match makes If-Unmodified-Since irrelevant; an If-None-Match that does not match makes
        // If-Modified-Since irrelevant.
        using var ifMatchWins = await SendAsync("GET", "hello.txt",
            ("If-Match", "\"6cd3556deb0da54bca060b4c39479839\""), ("If-Unmodified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("r")));
        using var ifNoneMatchWins = await SendAsync("GET", "hello.txt",
            ("If-None-Match", "\"other\""), ("If-Modified-Since", DateTimeOffset.UtcNow.AddDays(1).ToString("r")));
        using var star = await SendAsync("GET", "hello.txt", ("If-None-Match", "*"));

        Assert.That(ifMatchWins.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ifNoneMatchWins.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(star.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task ResponseOverrides_ReplaceTheAnsweredHeaders()
    {
        var query = "?response-content-type=text%2Fcsv&response-content-disposition=attachment%3B%20filename%3Dx.csv"
            + "&response-cache-control=no-store&response-content-language=fr&response-expires=Thu%2C%2001%20Dec%202044%2016%3A00%3A00%20GMT"
            + "&response-content-encoding=identity";
        using var response = await Raw.GetAsync($"/s3/{_bucket}/hello.txt{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/csv"));
        Assert.That(response.Content.Headers.ContentDisposition?.ToString(), Is.EqualTo("attachment; filename=x.csv"));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("no-store"));
        Assert.That(response.Content.Headers.ContentLanguage.Single(), Is.EqualTo("fr"));
        Assert.That(response.Content.Headers.GetValues("Expires").Single(), Is.EqualTo("Thu, 01 Dec 2044 16:00:00 GMT"));
        Assert.That(response.Content.Headers.ContentEncoding.Single(), Is.EqualTo("identity"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Hello, world!"));
    }

    [Test]
    public async Task ChecksumHeader_IsValidatedStoredAndReturnedOnlyOnFullObjectReadsThatAskForIt()
    {
        var body = Encoding.UTF8.GetBytes("checksummed body");
        var crc32c = Convert.ToBase64String(Crc32CBigEndian(body));
        using var put = await SendAsync("PUT", "crc.txt", body, ("x-amz-checksum-crc32c", crc32c));
        using var full = await SendAsync("GET", "crc.txt", ("x-amz-checksum-mode", "ENABLED"));
        using var plain = await SendAsync("GET", "crc.txt");
        using var partial = await SendAsync("GET", "crc.txt", ("x-amz-checksum-mode", "ENABLED"), ("Range", "bytes=0-3"));
        using var head = await SendAsync("HEAD", "crc.txt", ("x-amz-checksum-mode", "ENABLED"));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(put.Headers.GetValues("x-amz-checksum-crc32c").Single(), Is.EqualTo(crc32c));
        Assert.That(full.Headers.GetValues("x-amz-checksum-crc32c").Single(), Is.EqualTo(crc32c));
        Assert.That(head.Headers.GetValues("x-amz-checksum-crc32c").Single(), Is.EqualTo(crc32c));
        Assert.That(plain.Headers.Contains("x-amz-checksum-crc32c"), Is.False);
        Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(partial.Headers.Contains("x-amz-checksum-crc32c"), Is.False, "never on a 206");
    }

    [Test]
    public async Task ChecksumHeader_ThatDoesNotMatch_IsBadDigest_AndStoresNothing()
    {
        using var put = await SendAsync("PUT", "bad-crc.txt", Encoding.UTF8.GetBytes("data"), ("x-amz-checksum-crc32", "AAAAAA=="));
        using var get = await SendAsync("GET", "bad-crc.txt");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("BadDigest"));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AwsChunkedBody_WithAWrongTrailer_IsBadDigest_AndStoresNothing()
    {
        using var put = await PutAwsChunkedAsync("chunked-bad.txt", "chunked payload", trailer: "x-amz-checksum-crc32:AAAAAA==");
        using var get = await SendAsync("GET", "chunked-bad.txt");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("BadDigest"));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AwsChunkedBody_StoresThePayloadOnly_AndKeepsTheRealContentEncoding()
    {
        var payload = "chunked payload";
        var crc = Convert.ToBase64String(Crc32BigEndian(Encoding.UTF8.GetBytes(payload)));

        using var put = await PutAwsChunkedAsync("chunked.txt", payload, trailer: $"x-amz-checksum-crc32:{crc}", contentEncoding: "gzip,aws-chunked");
        using var get = await SendAsync("GET", "chunked.txt");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That(await get.Content.ReadAsByteArrayAsync(), Is.EqualTo(Encoding.UTF8.GetBytes(payload)));
        Assert.That(get.Content.Headers.ContentEncoding.Single(), Is.EqualTo("gzip"));
        Assert.That(get.Headers.ETag?.Tag, Is.EqualTo($"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(payload)))}\""));
    }

    [Test]
    public async Task CompressionMetadata_GoesIntoTheCid()
    {
        using var put = await SendAsync("PUT", "cid/hello.txt", Encoding.UTF8.GetBytes("hello"), ("x-amz-meta-compression", "ZLIB"));

        Assert.That(put.Headers.GetValues("x-amz-meta-cid").Single(), Is.EqualTo("bafkr6ic6rif5ghyeyec54lwtgchngh7to4g2r2aiuevbmdk3mkgykafypy"));
    }

    [Test]
    public async Task Metadata_OverTwoKilobytes_IsMetadataTooLarge()
    {
        using var put = await SendAsync("PUT", "meta.txt", Encoding.UTF8.GetBytes("x"), ("x-amz-meta-big", new string('v', 2100)));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("MetadataTooLarge"));
    }

    [Test]
    public async Task Metadata_WithAnEmptyValue_IsKept()
    {
        using var put = await SendAsync("PUT", "empty-meta.txt", Encoding.UTF8.GetBytes("x"), ("x-amz-meta-empty", ""));
        using var head = await SendAsync("HEAD", "empty-meta.txt");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Headers.GetValues("x-amz-meta-empty").Single(), Is.Empty);
    }

    [Test]
    public async Task Key_LongerThan1024Bytes_IsKeyTooLongError()
    {
        using var put = await SendAsync("PUT", string.Join('/', Enumerable.Repeat(new string('k', 200), 6)), Encoding.UTF8.GetBytes("x"));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("KeyTooLongError"));
    }

    [TestCase("200")]
    [TestCase("")]
    public async Task Expect_OtherThan100Continue_IsIgnored(string expect)
    {
        using var put = await SendAsync("PUT", "expect.txt", Encoding.UTF8.GetBytes("x"), ("Expect", expect));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("public-read")]
    [TestCase("authenticated-read")]
    public async Task PublicCannedAcl_IsNotImplemented_AndStoresNothing(string acl)
    {
        using var put = await SendAsync("PUT", "acl-" + acl, Encoding.UTF8.GetBytes("x"), ("x-amz-acl", acl));
        using var get = await SendAsync("GET", "acl-" + acl);

        Assert.That((int)put.StatusCode, Is.EqualTo(501));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("NotImplemented"));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AclGrant_IsNotImplemented_AndPrivateAclIsAccepted()
    {
        using var granted = await SendAsync("PUT", "grant.txt", Encoding.UTF8.GetBytes("x"), ("x-amz-grant-read", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""));
        using var privateAcl = await SendAsync("PUT", "private.txt", Encoding.UTF8.GetBytes("x"), ("x-amz-acl", "private"));

        Assert.That((int)granted.StatusCode, Is.EqualTo(501));
        Assert.That(privateAcl.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Tagging_OnPut_IsNotImplemented_AndStoresNothing()
    {
        using var put = await SendAsync("PUT", "tagged.txt", Encoding.UTF8.GetBytes("x"), ("x-amz-tagging", "team=a"));
        using var get = await SendAsync("GET", "tagged.txt");

        Assert.That((int)put.StatusCode, Is.EqualTo(501));
        Assert.That(await ErrorCodeAsync(put), Is.EqualTo("NotImplemented"));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("?acl")]
    [TestCase("?tagging")]
    [TestCase("?torrent")]
    public async Task UnknownObjectSubresource_IsNotImplemented(string query)
    {
        using var response = await Raw.GetAsync($"/s3/{_bucket}/hello.txt{query}");

        Assert.That((int)response.StatusCode, Is.EqualTo(501));
        Assert.That(await ErrorCodeAsync(response), Is.EqualTo("NotImplemented"));
    }

    [Test]
    public async Task ObjectLockAnswers_StatePermanence()
    {
        using var retention = await Raw.GetAsync($"/s3/{_bucket}/hello.txt?retention");
        using var legalHold = await Raw.GetAsync($"/s3/{_bucket}/hello.txt?legal-hold");
        using var missing = await Raw.GetAsync($"/s3/{_bucket}/missing.txt?retention");

        var ns = XNamespace.Get("http://s3.amazonaws.com/doc/2006-03-01/");
        Assert.That(XDocument.Parse(await retention.Content.ReadAsStringAsync()).Root!.Element(ns + "Mode")!.Value, Is.EqualTo("COMPLIANCE"));
        Assert.That(XDocument.Parse(await legalHold.Content.ReadAsStringAsync()).Root!.Element(ns + "Status")!.Value, Is.EqualTo("ON"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task NoResponse_CarriesAVersionId()
    {
        var put = await Alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "v.txt", ContentBody = "v" });
        var head = await Alice.GetObjectMetadataAsync(_bucket, "v.txt");

        Assert.That(put.VersionId, Is.Null.Or.Empty);
        Assert.That(head.VersionId, Is.Null.Or.Empty);
    }

    [Test]
    public async Task LegacyObject_WithoutMd5_IsServedWithoutETag()
    {
        var key = $"legacy-{Guid.NewGuid():N}.txt";
        await SeedLegacyObjectAsync(key, "legacy bytes");

        using var get = await SendAsync("GET", key);
        using var head = await SendAsync("HEAD", key);

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await get.Content.ReadAsStringAsync(), Is.EqualTo("legacy bytes"));
        Assert.That(get.Headers.ETag, Is.Null);
        Assert.That(head.Headers.ETag, Is.Null);
        Assert.That(head.Headers.GetValues("x-amz-meta-cid").Single(), Does.StartWith("bafkr6i"));
    }

    private async Task SeedLegacyObjectAsync(string key, string text)
    {
        using var scope = Server.Services.CreateScope();
        var dsn = scope.ServiceProvider.GetRequiredService<IDsnStorage>();
        var db = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();
        var owner = db.Users.Single(u => u.Name == "alice").Id;
        var bytes = Encoding.UTF8.GetBytes(text);
        DsnStoredContent stored;
        await using (var writer = await dsn.BeginWriteAsync(new ContentDescriptor(key, UploadOptions.None), CancellationToken.None))
        {
            await writer.WriteAsync(bytes, CancellationToken.None);
            stored = await writer.CommitAsync(CancellationToken.None);
        }

        var now = DateTimeOffset.UtcNow;
        await new AutoDrive.Infrastructure.Persistence.Repositories.StoredContentRepository(db).RecordAsync(
            StoredContent.RecordFile(stored.Cid, "test.txt", UploadOptions.None, stored.Size, stored.NodeCount, null, now), ContentOwnership.Grant(stored.Cid, owner, now), CancellationToken.None);
        db.ObjectMappings.Add(ObjectMapping.Create(owner, BucketName.Parse(_bucket), ObjectKey.Parse(key),
            new ObjectContent(stored.Cid, stored.Size, md5: null), ContentHeaders.None, UserMetadata.Empty, null, now));
        await db.SaveChangesAsync();
    }

    private Task<HttpResponseMessage> SendAsync(string method, string key, params (string Name, string Value)[] headers) =>
        SendAsync(method, key, null, headers);

    private async Task<HttpResponseMessage> SendAsync(string method, string key, byte[]? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/s3/{_bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await Raw.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PutAwsChunkedAsync(string key, string payload, string trailer, string contentEncoding = "aws-chunked")
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var framed = Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n").Concat(bytes)
            .Concat(Encoding.ASCII.GetBytes($"\r\n0\r\n{trailer}\r\n\r\n")).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/s3/{_bucket}/{key}") { Content = new ByteArrayContent(framed) };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        request.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-amz-trailer", trailer[..trailer.IndexOf(':', StringComparison.Ordinal)]);
        request.Content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        return await Raw.SendAsync(request);
    }

    private static byte[] Crc32BigEndian(byte[] data)
    {
        var crc = Crc32.HashToUInt32(data);
        return [(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
    }

    private static byte[] Crc32CBigEndian(byte[] data)
    {
        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(data);
        var value = crc.GetCurrentHashAsUInt32();
        return [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value;
}
