using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Tests.Api.Faults;

/// <summary>
/// kill -9 of the built server during concurrent single and multipart uploads, then a restart on the same data
/// directory and database. The moment is forced by the test: after every write of the first wave is acknowledged,
/// and while the bodies of the second wave are half sent (each has reached the server's disk, the rest held back).
/// After the restart: every acknowledged object reads back byte-identical with its ETag and CID and is listed once;
/// every mapping in the database has its content in the store, of its size; the unacknowledged writes are absent
/// (their bodies were never complete); the crash's temporary files are removed at start; an unfinished multipart
/// upload keeps its acknowledged parts and can be completed.
/// </summary>
[NonParallelizable]
public class KillAndRestartTests
{
    private const int MiB = 1024 * 1024;
    private const string Bucket = "crash";

    /// <summary>0 B, 1 B, within one chunk, just over a chunk, several chunks, a few MiB.</summary>
    private static readonly int[] AcknowledgedSizes = [0, 1, 1000, DagLimits.ChunkSize + 1, (5 * DagLimits.ChunkSize) + 7, 3 * MiB + 3];

    [Test]
    public async Task KillDuringUploads_Restart_KeepsEveryAcknowledgedWrite_AndNothingPartial()
    {
        using var data = TemporaryDirectory.Create("autodrive-crash");
        await RunAsync(new FaultGateway(data.Path, await TestRun.CreateDatabaseAsync(), TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// The same on the embedded PostgreSQL: the kill leaves its postmaster running (a separate process), and the
    /// restarted server must find and reuse or replace it. The database is checked through the API only (listing and
    /// reads), since the embedded cluster is the server's own.
    /// </summary>
    [Test]
    public async Task KillDuringUploads_OnTheEmbeddedDatabase_RestartCopesWithTheLeftoverPostmaster()
    {
        using var data = TemporaryDirectory.Create("autodrive-crash-embedded");
        await RunAsync(new FaultGateway(data.Path, connectionString: null, TimeSpan.FromSeconds(30)));
    }

    private static async Task RunAsync(FaultGateway setup)
    {
        var acknowledged = new Dictionary<string, (byte[] Body, string ETag, string Cid)>(StringComparer.Ordinal);
        var unacknowledged = new List<string>();
        var firstPart = TestBytes.Random(5 * MiB, 100);
        var secondPart = TestBytes.Random(5 * MiB, 101);
        string openUpload;
        string firstPartETag;
        string secondPartETag;

        await using (var gateway = setup.Start())
        {
            var root = await gateway.WaitForListeningAsync();
            using var s3 = setup.Sdk(root);
            using var http = setup.Raw(root);
            await s3.PutBucketAsync(Bucket);

            // First wave, concurrently: single PUTs of every size, and two parts of a multipart upload left open.
            openUpload = (await s3.InitiateMultipartUploadAsync(Bucket, "open.bin")).UploadId;
            var puts = AcknowledgedSizes.Select((size, i) => PutAsync(http, $"single-{i}-{size}.bin", TestBytes.Random(size, (byte)i))).ToList();
            var part1 = UploadPartAsync(http, "open.bin", openUpload, 1, firstPart);
            var part2 = UploadPartAsync(http, "open.bin", openUpload, 2, secondPart);
            foreach (var (key, body, etag, cid) in await Task.WhenAll(puts))
            {
                acknowledged[key] = (body, etag, cid);
            }

            firstPartETag = await part1;
            secondPartETag = await part2;

            // Second wave: bodies half sent, held there; a PUT replacing an acknowledged key; a part of another upload.
            var other = (await s3.InitiateMultipartUploadAsync(Bucket, "other.bin")).UploadId;
            var held = new List<(GatedContent Content, Task<HttpResponseMessage> Request)>();
            foreach (var key in new[] { "half-1.bin", "half-2.bin", $"single-5-{AcknowledgedSizes[5]}.bin" })
            {
                var content = new GatedContent(TestBytes.Random(3 * MiB, 50), 2 * MiB);
                held.Add((content, http.PutAsync($"/s3/{Bucket}/{key}", content)));
                if (!acknowledged.ContainsKey(key))
                {
                    unacknowledged.Add(key);
                }
            }

            var heldPart = new GatedContent(TestBytes.Random(6 * MiB, 51), 3 * MiB);
            held.Add((heldPart, http.PutAsync($"/s3/{Bucket}/other.bin?partNumber=1&uploadId={other}", heldPart)));
            await setup.WaitForTempFilesAsync(held.Count, MiB);

            await gateway.KillHardAsync();

            foreach (var (content, request) in held)
            {
                content.Abandon();
                var failed = await FailsAsync(request);
                Assert.That(failed, Is.True, "a request in flight at the kill got no success answer");
            }
        }

        await using (var again = setup.Start())
        {
            var root = await again.WaitForListeningAsync();
            using var s3 = setup.Sdk(root);

            Assert.That(again.Output, Does.Match(@"removed [1-9]\d* files \(\d+ bytes\) left by interrupted writes"), again.Output);
            Assert.That(StoreTempFiles.In(setup.Store), Is.Empty, "the killed server's temporary files are removed at start");

            foreach (var (key, (body, etag, cid)) in acknowledged)
            {
                using var read = await s3.GetObjectAsync(Bucket, key);
                Assert.That(read.ETag, Is.EqualTo(etag), key);
                Assert.That(read.Metadata["x-amz-meta-cid"], Is.EqualTo(cid), key);
                Assert.That(await TestBytes.ReadAllAsync(read.ResponseStream), Is.EqualTo(body), key);
            }

            var listed = await ListAllAsync(s3);
            Assert.That(listed.Where(acknowledged.ContainsKey), Is.EquivalentTo(acknowledged.Keys), "every acknowledged object is listed exactly once");
            Assert.That(listed, Is.Unique);
            foreach (var key in unacknowledged)
            {
                Assert.That(listed, Does.Not.Contain(key), "a body never completed is not stored");
            }

            if (setup.ConnectionString is not null)
            {
                await AssertEveryMappingHasItsContentAsync(setup);
            }

            // The open upload kept its acknowledged parts and completes.
            var parts = await s3.ListPartsAsync(Bucket, "open.bin", openUpload);
            Assert.That(parts.Parts.Select(p => (p.PartNumber, p.ETag)), Is.EqualTo(new[] { ((int?)1, firstPartETag), ((int?)2, secondPartETag) }));
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = "open.bin",
                UploadId = openUpload,
                PartETags = [new PartETag(1, firstPartETag), new PartETag(2, secondPartETag)],
            });
            using (var completed = await s3.GetObjectAsync(Bucket, "open.bin"))
            {
                Assert.That(await TestBytes.ReadAllAsync(completed.ResponseStream), Is.EqualTo(firstPart.Concat(secondPart).ToArray()));
            }

            // A clean stop, so that no embedded postmaster outlives the test.
            again.Terminate();
            Assert.That(await again.WaitForExitAsync(), Is.Zero, again.Output);
        }
    }

    /// <summary>No mapping without content: every mapping's CID is stored, with the mapping's size.</summary>
    private static async Task AssertEveryMappingHasItsContentAsync(FaultGateway setup)
    {
        var store = new LocalDsnStorage(
            Options.Create(new LocalDsnStorageOptions { RootDirectory = setup.Store }), TimeProvider.System, NullLogger<LocalDsnStorage>.Instance);
        await using var connection = new NpgsqlConnection(setup.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT key, cid, size FROM object_mappings", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            var (key, cid, size) = (reader.GetString(0), Cid.Parse(reader.GetString(1)), reader.GetInt64(2));
            await using var content = await store.OpenReadAsync(cid, 0, size, CancellationToken.None);
            Assert.That(content, Is.Not.Null, $"the mapping of {key} has its content {cid}");
            count++;
        }

        Assert.That(count, Is.EqualTo(AcknowledgedSizes.Length));
    }

    private static async Task<(string Key, byte[] Body, string ETag, string Cid)> PutAsync(HttpClient http, string key, byte[] body)
    {
        using var response = await http.PutAsync($"/s3/{Bucket}/{key}", new ByteArrayContent(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.ETag!.Tag, Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\""));
        return (key, body, response.Headers.ETag!.Tag, response.Headers.GetValues("x-amz-meta-cid").Single());
    }

    private static async Task<string> UploadPartAsync(HttpClient http, string key, string uploadId, int number, byte[] body)
    {
        using var response = await http.PutAsync($"/s3/{Bucket}/{key}?partNumber={number}&uploadId={uploadId}", new ByteArrayContent(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    private static async Task<bool> FailsAsync(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request;
            return !response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }

    private static async Task<List<string>> ListAllAsync(AmazonS3Client s3)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return keys;
    }
}
