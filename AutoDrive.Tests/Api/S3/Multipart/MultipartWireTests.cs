using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Multipart;
using AutoDrive.Tests.TestSupport;
using Npgsql;

namespace AutoDrive.Tests.Api.S3.Multipart;

/// <summary>Multipart uploads on the wire: every multipart error (docs/s3-wire.md, multipart) by a raw request, and the races.</summary>
public class MultipartWireTests
{
    private const int FiveMiB = 5 * 1024 * 1024;
    private static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    private AutoDriveServer _server = null!;
    private AmazonS3Client _alice = null!;
    private AmazonS3Client _bob = null!;
    private HttpClient _http = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _alice = S3Clients.Sdk(_server, _server.AliceKey);
        _bob = S3Clients.Sdk(_server, _server.BobKey);
        _http = S3Clients.Raw(_server, _server.AliceKey);
        _bucket = SharedServer.UniqueBucket("mpw");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _bob.Dispose();
        _http.Dispose();
    }

    [Test]
    public async Task Complete_AssemblesTheListedParts_WithTheCompositeETagAndTheCidOfASinglePut()
    {
        var key = $"dir/{Guid.NewGuid():N}/object.bin";
        var first = Bytes(FiveMiB, 1);
        var second = Bytes(1234, 2);
        var id = await CreateAsync(key);
        var etag1 = await UploadPartAsync(key, id, 1, first);
        var etag2 = await UploadPartAsync(key, id, 2, second);

        var complete = await _alice.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = key, UploadId = id,
            PartETags = [new PartETag(1, etag1), new PartETag(2, etag2)],
        });

        var expectedETag = $"\"{Convert.ToHexStringLower(MD5.HashData(MD5.HashData(first).Concat(MD5.HashData(second)).ToArray()))}-2\"";
        Assert.That(complete.ETag, Is.EqualTo(expectedETag));
        Assert.That(complete.Location, Does.StartWith("http://127.0.0.1:").And.EndWith($"/s3/{_bucket}/{key}"));
        var single = await _alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "other/object.bin", InputStream = new MemoryStream(first.Concat(second).ToArray()) });
        var head = await _alice.GetObjectMetadataAsync(_bucket, key);
        var singleHead = await _alice.GetObjectMetadataAsync(_bucket, "other/object.bin");
        Assert.That(head.ETag, Is.EqualTo(expectedETag));
        Assert.That(head.ContentLength, Is.EqualTo(first.Length + second.Length));
        Assert.That(head.Metadata["x-amz-meta-cid"], Is.EqualTo(singleHead.Metadata["x-amz-meta-cid"]));
        Assert.That(single.ETag, Is.Not.EqualTo(expectedETag));
    }

    [Test]
    public async Task Complete_Repeated_AnswersTheSameResult()
    {
        var key = $"again-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var etag = await UploadPartAsync(key, id, 1, Bytes(100, 3));
        var body = CompleteBody((1, etag));

        using var first = await PostCompleteAsync(key, id, body);
        using var second = await PostCompleteAsync(key, id, body);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ETagOf(await second.Content.ReadAsStringAsync()), Is.EqualTo(ETagOf(await first.Content.ReadAsStringAsync())));
    }

    [TestCase("")]
    [TestCase("not xml")]
    [TestCase("<CompleteMultipartUpload></CompleteMultipartUpload>")]
    [TestCase("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>")]
    public async Task Complete_WithAMalformedBody_IsMalformedXml(string body)
    {
        var key = $"malformed-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        await UploadPartAsync(key, id, 1, Bytes(10, 4));

        using var response = await PostCompleteAsync(key, id, body);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Test]
    public async Task Complete_WithoutNamespaceAndWithQuotedEntities_IsAccepted()
    {
        var key = $"lenient-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var etag = await UploadPartAsync(key, id, 1, Bytes(10, 5));
        var body = $"<CompleteMultipartUpload><Part><ETag>&quot;{etag.Trim('"')}&quot;</ETag><PartNumber>1</PartNumber><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>";

        using var response = await PostCompleteAsync(key, id, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Complete_OutOfOrder_IsInvalidPartOrder()
    {
        var key = $"order-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var etag1 = await UploadPartAsync(key, id, 1, Bytes(FiveMiB, 6));
        var etag2 = await UploadPartAsync(key, id, 2, Bytes(10, 7));

        using var response = await PostCompleteAsync(key, id, CompleteBody((2, etag2), (1, etag1)));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidPartOrder");
    }

    [Test]
    public async Task Complete_WithAWrongETagOrAMissingPart_IsInvalidPart()
    {
        var key = $"invalid-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var etag1 = await UploadPartAsync(key, id, 1, Bytes(FiveMiB, 8));

        using var wrongETag = await PostCompleteAsync(key, id, CompleteBody((1, "\"00000000000000000000000000000000\"")));
        using var missing = await PostCompleteAsync(key, id, CompleteBody((1, etag1), (2, etag1)));

        await AssertErrorAsync(wrongETag, HttpStatusCode.BadRequest, "InvalidPart");
        await AssertErrorAsync(missing, HttpStatusCode.BadRequest, "InvalidPart");
    }

    [Test]
    public async Task Complete_WithASmallPartBeforeTheLast_IsEntityTooSmall()
    {
        var key = $"small-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var etag1 = await UploadPartAsync(key, id, 1, Bytes(1024, 9));
        var etag2 = await UploadPartAsync(key, id, 2, Bytes(1024, 10));

        using var response = await PostCompleteAsync(key, id, CompleteBody((1, etag1), (2, etag2)));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "EntityTooSmall");
    }

    [TestCase("unknown")]
    [TestCase("malformed")]
    [TestCase("other-user")]
    public async Task EveryOperation_OnAnUploadTheCallerDoesNotHave_IsNoSuchUpload(string kind)
    {
        var key = $"nosuch-{Guid.NewGuid():N}";
        var id = kind switch
        {
            "unknown" => "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "malformed" => "x/../y",
            _ => (await _bob.InitiateMultipartUploadAsync("bob-bucket", key)).UploadId,
        };
        var escaped = Uri.EscapeDataString(id);

        using var part = await _http.PutAsync($"/s3/{_bucket}/{key}?partNumber=1&uploadId={escaped}", new ByteArrayContent([1]));
        using var list = await _http.GetAsync($"/s3/{_bucket}/{key}?uploadId={escaped}");
        using var complete = await PostCompleteAsync(key, id, CompleteBody((1, "\"x\"")));
        using var abort = await _http.DeleteAsync($"/s3/{_bucket}/{key}?uploadId={escaped}");

        foreach (var response in new[] { part, list, complete, abort })
        {
            await AssertErrorAsync(response, HttpStatusCode.NotFound, "NoSuchUpload");
        }
    }

    [TestCase("0")]
    [TestCase("10001")]
    [TestCase("one")]
    public async Task UploadPart_WithAPartNumberOutOfRange_IsInvalidArgument(string number)
    {
        var key = $"partno-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);

        using var response = await _http.PutAsync($"/s3/{_bucket}/{key}?partNumber={number}&uploadId={id}", new ByteArrayContent([1]));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Test]
    public async Task Abort_Answers204_FreesTheUpload_AndItDisappearsFromTheListing()
    {
        var key = $"abort-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        await UploadPartAsync(key, id, 1, Bytes(10, 11));

        using var abort = await _http.DeleteAsync($"/s3/{_bucket}/{key}?uploadId={id}");
        using var part = await _http.PutAsync($"/s3/{_bucket}/{key}?partNumber=2&uploadId={id}", new ByteArrayContent([1]));
        var uploads = await _alice.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = key });

        Assert.That(abort.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(part, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.That(uploads.MultipartUploads ?? [], Is.Empty);
    }

    [Test]
    public async Task ListParts_PaginatesAndShowsSizesAndETags()
    {
        var key = $"parts-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var etags = new List<string>();
        for (var n = 1; n <= 3; n++)
        {
            etags.Add(await UploadPartAsync(key, id, n, Bytes(100 * n, n)));
        }

        var first = await _alice.ListPartsAsync(new ListPartsRequest { BucketName = _bucket, Key = key, UploadId = id, MaxParts = 2 });
        var second = await _alice.ListPartsAsync(new ListPartsRequest
        {
            BucketName = _bucket, Key = key, UploadId = id, MaxParts = 2, PartNumberMarker = first.NextPartNumberMarker?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.That(first.IsTruncated, Is.True);
        Assert.That(first.Parts.Select(p => p.PartNumber), Is.EqualTo(new int?[] { 1, 2 }));
        Assert.That(first.Parts.Select(p => p.ETag), Is.EqualTo(etags.Take(2)));
        Assert.That(first.Parts.Select(p => p.Size), Is.EqualTo(new long?[] { 100, 200 }));
        Assert.That(second.IsTruncated, Is.False);
        Assert.That(second.Parts.Select(p => p.PartNumber), Is.EqualTo(new int?[] { 3 }));
    }

    [Test]
    public async Task ListMultipartUploads_ListsEveryUploadOfAKey_AndOnlyTheCallers()
    {
        var bucket = SharedServer.UniqueBucket("mpl");
        var a1 = (await _alice.InitiateMultipartUploadAsync(bucket, "a/one")).UploadId;
        var a2 = (await _alice.InitiateMultipartUploadAsync(bucket, "a/one")).UploadId;
        var b = (await _alice.InitiateMultipartUploadAsync(bucket, "b")).UploadId;
        await _bob.InitiateMultipartUploadAsync(bucket, "a/bobs");

        var all = await _alice.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        var page = await _alice.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, MaxUploads = 2 });
        var folded = await _alice.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Delimiter = "/" });

        Assert.That(all.MultipartUploads.Select(u => u.UploadId), Is.EquivalentTo(new[] { a1, a2, b }));
        Assert.That(all.MultipartUploads.Select(u => u.Key), Is.EqualTo(new[] { "a/one", "a/one", "b" }));
        Assert.That(page.IsTruncated, Is.True);
        Assert.That(page.MultipartUploads, Has.Count.EqualTo(2));
        var rest = await _alice.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
        {
            BucketName = bucket, KeyMarker = page.NextKeyMarker, UploadIdMarker = page.NextUploadIdMarker,
        });
        Assert.That(rest.MultipartUploads.Select(u => u.UploadId), Is.EqualTo(new[] { b }));
        Assert.That(folded.CommonPrefixes, Is.EqualTo(new[] { "a/" }));
        Assert.That(folded.MultipartUploads.Select(u => u.Key), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task ConcurrentCompletes_TheSecondWhileTheFirstRuns_IsOperationAborted_AndAfterItTheSameResult()
    {
        // The test's own connection holds the upload's completion lock: a Complete in progress, forced.
        var key = $"race-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var part = Bytes(3 * 1024 * 1024, 12);
        var body = CompleteBody((1, await UploadPartAsync(key, id, 1, part)));
        await using (await HoldCompletionLockAsync(id))
        {
            using var second = await PostCompleteAsync(key, id, body);
            await AssertErrorAsync(second, HttpStatusCode.Conflict, "OperationAborted");
        }

        using var first = await PostCompleteAsync(key, id, body);
        using var repeated = await PostCompleteAsync(key, id, body);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(repeated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await repeated.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        using var get = await _alice.GetObjectAsync(_bucket, key);
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(part));
    }

    [Test]
    public async Task AbortWhileACompleteRuns_IsOperationAborted_AndAfterTheCompleteNoSuchUpload()
    {
        var key = $"abort-race-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var part = Bytes(2 * 1024 * 1024, 13);
        var body = CompleteBody((1, await UploadPartAsync(key, id, 1, part)));
        await using (await HoldCompletionLockAsync(id))
        {
            using var abortDuringComplete = await _http.DeleteAsync($"/s3/{_bucket}/{key}?uploadId={id}");
            await AssertErrorAsync(abortDuringComplete, HttpStatusCode.Conflict, "OperationAborted");
        }

        using var completed = await PostCompleteAsync(key, id, body);
        using var abortAfter = await _http.DeleteAsync($"/s3/{_bucket}/{key}?uploadId={id}");
        using var get = await _http.GetAsync($"/s3/{_bucket}/{key}");

        Assert.That(completed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(abortAfter, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.That(await get.Content.ReadAsByteArrayAsync(), Is.EqualTo(part), "the completed object stays whole");
    }

    [Test]
    public async Task CompleteWhileAnAbortRuns_IsOperationAborted_AndAfterTheAbortNoSuchUpload_NothingVisible()
    {
        var key = $"complete-race-{Guid.NewGuid():N}";
        var id = await CreateAsync(key);
        var body = CompleteBody((1, await UploadPartAsync(key, id, 1, Bytes(1024, 14))));
        await using (await HoldCompletionLockAsync(id))
        {
            using var completeDuringAbort = await PostCompleteAsync(key, id, body);
            await AssertErrorAsync(completeDuringAbort, HttpStatusCode.Conflict, "OperationAborted");
        }

        using var aborted = await _http.DeleteAsync($"/s3/{_bucket}/{key}?uploadId={id}");
        using var completeAfter = await PostCompleteAsync(key, id, body);
        using var partAfter = await _http.PutAsync($"/s3/{_bucket}/{key}?partNumber=2&uploadId={id}", new ByteArrayContent(Bytes(10, 15)));
        using var get = await _http.GetAsync($"/s3/{_bucket}/{key}");

        Assert.That(aborted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(completeAfter, HttpStatusCode.NotFound, "NoSuchUpload");
        await AssertErrorAsync(partAfter, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>Holds the upload's completion lock (the one a running Complete or Abort holds) on the test's own connection.</summary>
    private async Task<IAsyncDisposable> HoldCompletionLockAsync(string uploadId)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var key = PostgresUploadLocks.LockKey(UploadId.Parse(uploadId), "complete");
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
        return new HeldLock(connection, key);
    }

    /// <summary>
    /// Releases the lock with an explicit unlock, answered once it is released. Closing the connection alone ends the
    /// session only when the server gets round to it, so the next request could still find the lock held.
    /// </summary>
    private sealed class HeldLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                unlock.Parameters.AddWithValue("key", key);
                await unlock.ExecuteNonQueryAsync();
            }
        }
    }

    [Test]
    public async Task Create_WithAChecksumAlgorithm_ValidatesTheCompositeAndReturnsIt()
    {
        var key = $"sha-{Guid.NewGuid():N}";
        using var create = await _http.PostAsync($"/s3/{_bucket}/{key}?uploads", CreateWithHeader("x-amz-checksum-algorithm", "SHA256"));
        Assert.That(create.Headers.GetValues("x-amz-checksum-algorithm").Single(), Is.EqualTo("SHA256"));
        var id = XDocument.Parse(await create.Content.ReadAsStringAsync()).Root!.Element(Ns + "UploadId")!.Value;
        var p1 = Bytes(FiveMiB, 14);
        var p2 = Bytes(10, 15);
        var etag1 = await UploadPartAsync(key, id, 1, p1);
        var etag2 = await UploadPartAsync(key, id, 2, p2);
        var composite = Convert.ToBase64String(SHA256.HashData(SHA256.HashData(p1).Concat(SHA256.HashData(p2)).ToArray())) + "-2";

        using var complete = await PostCompleteAsync(key, id, CompleteBody((1, etag1), (2, etag2)));
        using var head = await SendAsync(HttpMethod.Head, key, ("x-amz-checksum-mode", "ENABLED"));

        var result = XDocument.Parse(await complete.Content.ReadAsStringAsync()).Root!;
        Assert.That(result.Element(Ns + "ChecksumSHA256")!.Value, Is.EqualTo(composite));
        Assert.That(head.Headers.GetValues("x-amz-checksum-sha256").Single(), Is.EqualTo(composite));
    }

    private static StringContent CreateWithHeader(string name, string value)
    {
        var content = new StringContent(string.Empty);
        content.Headers.TryAddWithoutValidation(name, value);
        return content;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string key, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, $"/s3/{_bucket}/{key}");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    private async Task<string> CreateAsync(string key) =>
        (await _alice.InitiateMultipartUploadAsync(_bucket, key)).UploadId;

    private async Task<string> UploadPartAsync(string key, string id, int number, byte[] bytes)
    {
        using var response = await _http.PutAsync($"/s3/{_bucket}/{key}?partNumber={number}&uploadId={id}", new ByteArrayContent(bytes));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var etag = response.Headers.ETag!.Tag;
        Assert.That(etag, Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\""));
        return etag;
    }

    private Task<HttpResponseMessage> PostCompleteAsync(string key, string id, string body) =>
        _http.PostAsync($"/s3/{_bucket}/{key}?uploadId={Uri.EscapeDataString(id)}", new StringContent(body, Encoding.UTF8, "application/xml"));

    private static string CompleteBody(params (int Number, string ETag)[] parts) =>
        "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>"))
        + "</CompleteMultipartUpload>";

    private static string ETagOf(string xml) => XDocument.Parse(xml).Root!.Element(Ns + "ETag")!.Value;

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(XDocument.Parse(body).Root!.Element("Code")!.Value, Is.EqualTo(code));
    }

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
