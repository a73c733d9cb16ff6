using System.Net;
using System.Text;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Uploads;

/// <summary>
/// Chunked file uploads on the wire (create, chunks by index, complete), against the shared server: chunks in any order
/// and retried, conflicting and malformed chunks, gaps, repeated completion, other users' and unknown uploads, names and
/// options that are refused. CIDs are checked against known vectors (the Auto Drive SDK's own) or an S3 PutObject of the
/// same bytes and name.
/// </summary>
public class FileUploadTests : NativeApiFixture
{
    private const string HelloCid = "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu";
    private const string BigCid = "bafkr6igesbqd7ansthekaeqeok6td4fcqykkqhkkubtt2b3ijpampiejwm";
    private const string ZlibHelloCid = "bafkr6ic6rif5ghyeyec54lwtgchngh7to4g2r2aiuevbmdk3mkgykafypy";

    private static readonly byte[][] HelloChunks = [Utf8("Hell"), Utf8("o, w"), Utf8("orld!")];

    [Test]
    public async Task Complete_WithChunksOutOfOrderAndOneRetried_AnswersTheCidOfTheWhole()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt", "text/plain");

        await user.Api.SendChunkOkAsync(id, HelloChunks[2], 2);
        await user.Api.SendChunkOkAsync(id, HelloChunks[0], 0);
        await user.Api.SendChunkOkAsync(id, HelloChunks[1], 1);
        await user.Api.SendChunkOkAsync(id, HelloChunks[0], 0);
        var cid = await user.Api.CompleteOkAsync(id);

        Assert.That(cid, Is.EqualTo(HelloCid));
        Assert.That(Encoding.UTF8.GetString(await user.Api.DownloadAsync(cid)), Is.EqualTo("Hello, world!"));
    }

    [Test]
    public async Task Complete_OfAFileOfTwoDagChunksSentOutOfOrder_AnswersTheKnownCid()
    {
        using var user = await NewUserAsync();
        var bytes = Enumerable.Repeat((byte)'A', 65_067).ToArray();
        var id = await user.Api.CreateFileUploadAsync("big.bin");

        await user.Api.SendChunkOkAsync(id, bytes[30_000..60_000], 1);
        await user.Api.SendChunkOkAsync(id, bytes[60_000..], 2);
        await user.Api.SendChunkOkAsync(id, bytes[..30_000], 0);
        var cid = await user.Api.CompleteOkAsync(id);

        Assert.That(cid, Is.EqualTo(BigCid));
        Assert.That(await user.Api.DownloadAsync(cid), Is.EqualTo(bytes));
    }

    [Test]
    public async Task Complete_WithZlibUploadOptions_AnswersTheCidThatIncludesThem()
    {
        using var user = await NewUserAsync();

        var cid = await user.Api.UploadFileAsync("hello.txt", Utf8("hello"), uploadOptions: new { compression = new { algorithm = "ZLIB" } });
        var metadata = await user.Api.GetJsonAsync($"/api/objects/{cid}/metadata");

        Assert.That(cid, Is.EqualTo(ZlibHelloCid));
        Assert.That(metadata.GetProperty("uploadOptions").GetProperty("compression").GetProperty("algorithm").GetString(), Is.EqualTo("ZLIB"));
    }

    [Test]
    public async Task Complete_OfChunksOutOfOrder_AnswersTheCidOfAnS3PutOfTheSameBytesAndName()
    {
        using var user = await NewUserAsync();
        var name = UniqueName("same", ".dat");
        var bytes = RandomBytes(150_000);
        var id = await user.Api.CreateFileUploadAsync(name);
        await user.Api.SendChunkOkAsync(id, bytes[100_000..], 2);
        await user.Api.SendChunkOkAsync(id, bytes[50_000..100_000], 1);
        await user.Api.SendChunkOkAsync(id, bytes[..50_000], 0);

        var nativeCid = await user.Api.CompleteOkAsync(id);
        var bucket = SharedServer.UniqueBucket("same");
        await AliceS3.PutBucketAsync(bucket);
        await AliceS3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = name, InputStream = new MemoryStream(bytes) });
        var head = await AliceS3.GetObjectMetadataAsync(bucket, name);

        Assert.That(nativeCid, Is.EqualTo(head.Metadata["cid"]));
    }

    [Test]
    public async Task Chunk_WithOtherBytesForATakenIndex_Answers400AndTheUploadCompletesWithTheFirstBytes()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");
        for (var i = 0; i < HelloChunks.Length; i++)
        {
            await user.Api.SendChunkOkAsync(id, HelloChunks[i], i);
        }

        using var conflicting = await user.Api.SendChunkAsync(id, Utf8("XXXX"), "1");
        await NativeApiClient.AssertProblemAsync(conflicting, HttpStatusCode.BadRequest);
        var cid = await user.Api.CompleteOkAsync(id);

        Assert.That(cid, Is.EqualTo(HelloCid));
        Assert.That(Encoding.UTF8.GetString(await user.Api.DownloadAsync(cid)), Is.EqualTo("Hello, world!"));
    }

    [Test]
    public async Task Complete_WithAMissingChunk_Answers400AndTheUploadStaysOpen()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");
        await user.Api.SendChunkOkAsync(id, HelloChunks[0], 0);
        await user.Api.SendChunkOkAsync(id, HelloChunks[2], 2);

        using var refused = await user.Api.CompleteAsync(id);
        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        await user.Api.SendChunkOkAsync(id, HelloChunks[1], 1);
        var cid = await user.Api.CompleteOkAsync(id);

        Assert.That(cid, Is.EqualTo(HelloCid));
    }

    [Test]
    public async Task Complete_Twice_AnswersTheSameCid()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");
        await user.Api.SendChunkOkAsync(id, Utf8("Hello, world!"), 0);

        var first = await user.Api.CompleteOkAsync(id);
        var second = await user.Api.CompleteOkAsync(id);

        Assert.That(first, Is.EqualTo(HelloCid));
        Assert.That(second, Is.EqualTo(first));
    }

    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase(null)]
    [TestCase("100000")]
    [TestCase("1.5")]
    [TestCase("")]
    public async Task Chunk_WithAnIndexThatIsNotAChunkIndex_Answers400AndRecordsNothing(string? index)
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");

        using var refused = await user.Api.SendChunkAsync(id, Utf8("garbage"), index);
        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        await user.Api.SendChunkOkAsync(id, Utf8("Hello, world!"), 0);

        Assert.That(await user.Api.CompleteOkAsync(id), Is.EqualTo(HelloCid));
    }

    [Test]
    public async Task Chunk_WithTheIndexBeforeTheFile_IsAccepted()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");

        for (var i = HelloChunks.Length - 1; i >= 0; i--)
        {
            using var response = await user.Api.SendChunkAsync(id, HelloChunks[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture), indexFirst: true);
            await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.OK);
        }

        Assert.That(await user.Api.CompleteOkAsync(id), Is.EqualTo(HelloCid));
    }

    [TestCase(true, TestName = "Chunk_WithABodyCutInsideTheFilePart_Answers400")]
    [TestCase(false, TestName = "Chunk_WithABodyCutBeforeItsClosingBoundary_Answers400")]
    public async Task Chunk_WithATruncatedMultipartBody_Answers400AndRecordsNothing(bool insideTheFile)
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");
        const string boundary = "cut-here-7f3a";
        var whole = NativeApiClient.FormBytes(boundary, ("file", "garbage bytes"), ("index", "0"));
        var body = insideTheFile ? whole[..(Encoding.UTF8.GetString(whole).IndexOf("garbage", StringComparison.Ordinal) + 4)] : whole;

        using var refused = await user.Api.SendRawChunkAsync(id, body, $"multipart/form-data; boundary={boundary}");
        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        await user.Api.SendChunkOkAsync(id, Utf8("Hello, world!"), 0);

        Assert.That(await user.Api.CompleteOkAsync(id), Is.EqualTo(HelloCid));
    }

    [Test]
    public async Task Chunk_WithoutAFilePart_Answers400()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");
        const string boundary = "no-file-part";
        var body = NativeApiClient.FormBytes(boundary, ("index", "0"));

        using var refused = await user.Api.SendRawChunkAsync(id, [.. body, .. Utf8($"--{boundary}--\r\n")], $"multipart/form-data; boundary={boundary}");

        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Chunk_ToACompletedUpload_Answers400()
    {
        using var user = await NewUserAsync();
        var id = await user.Api.CreateFileUploadAsync("test.txt");
        await user.Api.SendChunkOkAsync(id, Utf8("Hello, world!"), 0);
        await user.Api.CompleteOkAsync(id);

        using var late = await user.Api.SendChunkAsync(id, Utf8("more"), "1");

        await NativeApiClient.AssertProblemAsync(late, HttpStatusCode.BadRequest);
        Assert.That(await user.Api.CompleteOkAsync(id), Is.EqualTo(HelloCid));
    }

    [Test]
    public async Task ChunkAndComplete_OfSomeoneElsesUpload_Answer404AndLeaveItAlone()
    {
        var id = await Alice.CreateFileUploadAsync(UniqueName("alices", ".txt"));
        await Alice.SendChunkOkAsync(id, Utf8("alice's bytes"), 0);

        using var chunk = await Bob.SendChunkAsync(id, Utf8("bob's bytes"), "1");
        using var complete = await Bob.CompleteAsync(id);

        await NativeApiClient.AssertProblemAsync(chunk, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(complete, HttpStatusCode.NotFound);
        var cid = await Alice.CompleteOkAsync(id);
        Assert.That(await Alice.DownloadAsync(cid), Is.EqualTo(Utf8("alice's bytes")));
    }

    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("not-an-upload-id")]
    public async Task ChunkAndComplete_OfAnUnknownUpload_Answer404(string id)
    {
        using var chunk = await Alice.SendChunkAsync(id, Utf8("bytes"), "0");
        using var complete = await Alice.CompleteAsync(id);
        using var folderFile = await Alice.PostJsonAsync($"/api/uploads/folder/{id}/file", new { name = "a.txt", relativeId = "a.txt", uploadOptions = new { } });

        await NativeApiClient.AssertProblemAsync(chunk, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(complete, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(folderFile, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Uploads_WithoutAValidKey_Answer401()
    {
        var id = await Alice.CreateFileUploadAsync(UniqueName("auth", ".txt"));
        using var wrongKey = NativeApiClient.For(Server, "not-a-key-" + Guid.NewGuid().ToString("N"));

        foreach (var client in new[] { Anonymous, wrongKey })
        {
            using var create = await client.PostJsonAsync("/api/uploads/file", new { filename = "x.txt" });
            using var chunk = await client.SendChunkAsync(id, Utf8("bytes"), "0");
            using var complete = await client.CompleteAsync(id);

            await NativeApiClient.AssertProblemAsync(create, HttpStatusCode.Unauthorized);
            await NativeApiClient.AssertProblemAsync(chunk, HttpStatusCode.Unauthorized);
            await NativeApiClient.AssertProblemAsync(complete, HttpStatusCode.Unauthorized);
        }
    }

    [TestCase(256, "a")]
    [TestCase(128, "é")]
    public async Task CreateFile_WithANameOver255Bytes_Answers400(int count, string character)
    {
        using var response = await Alice.PostJsonAsync("/api/uploads/file", new { filename = string.Concat(Enumerable.Repeat(character, count)) });

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task CreateFile_WithANameOf255Bytes_IsAccepted()
    {
        var name = Guid.NewGuid().ToString("N") + new string('n', 255 - 32);

        var id = await Alice.CreateFileUploadAsync(name);

        Assert.That(id, Is.Not.Empty);
    }

    [TestCase("""{"filename":"x.txt","uploadOptions":{"compression":{"algorithm":"GZIP"}}}""")]
    [TestCase("""{"filename":"x.txt","uploadOptions":{"encryption":{"algorithm":"AES_128_CBC"}}}""")]
    [TestCase("""{"filename":"x.txt","uploadOptions":{"compression":{"algorithm":"ZLIB","level":-1}}}""")]
    [TestCase("""{"filename":"x.txt","uploadOptions":{"compression":"ZLIB"}}""")]
    [TestCase("""{"filename":""}""")]
    [TestCase("""{"mimeType":"text/plain"}""")]
    [TestCase("""{"filename":"x.txt",""")]
    public async Task CreateFile_WithABadBody_Answers400(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Alice.Http.PostAsync("/api/uploads/file", content);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
