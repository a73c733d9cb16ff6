using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.Compat;
using AutoDrive.Tests.Infrastructure.Persistence;
using AutoDrive.Tests.TestSupport;
using Npgsql;

namespace AutoDrive.Tests.Api.Gateways;

/// <summary>
/// Gateways that scale out over the network adapter. A is an AutoDrive on its local store, with its own database. B
/// and B2 are two gateways on one database of their own, with the same users, whose DSN is A's native API
/// (<c>AutoDrive:Dsn:Kind = AutoDriveApi</c>, BaseUrl = A's <c>/api</c>, ApiKey = A's bob): B's BaseUrl is written
/// without a trailing slash, B2's with one, which must make no difference. Whatever is written through B or B2 is
/// stored at A, so it reads back through B (S3) and through A's native download by its CID, byte-identical, under the
/// CID that the reference implementation (auto-dag-data) computes; an upload begun on one of B and B2 is finished on
/// the other; B keeps no content in its data directory; two Completes of one upload on B and B2 never answer 5xx.
/// </summary>
[NonParallelizable]
public class ScaleOutTests
{
    private const int MiB = 1024 * 1024;

    private AutoDriveServer? _a;
    private AutoDriveServer? _b;
    private AutoDriveServer? _b2;

    private AutoDriveServer A => _a!;

    private AutoDriveServer B => _b!;

    private AutoDriveServer B2 => _b2!;

    [OneTimeSetUp]
    public async Task StartGatewaysAsync()
    {
        _a = await AutoDriveServer.StartAsync(CancellationToken.None);
        _b = await AutoDriveServer.StartAsync(
            new GatewaySetup { Settings = RemoteDsnSettings.For(A, A.BobKey) }, CancellationToken.None);
        _b2 = await AutoDriveServer.StartAsync(
            GatewaySetup.Beside(B, RemoteDsnSettings.For(A, A.BobKey, trailingSlash: true)), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopGatewaysAsync()
    {
        foreach (var server in new[] { _b2, _b, _a })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task PutObject_ThroughB_ReadsBackThroughBWholeAndRangedAndThroughAByItsCid()
    {
        var bucket = SharedServer.UniqueBucket("so");
        var bytes = RandomBytes((2 * MiB) + 654_321);
        using var s3 = S3Clients.Sdk(B, B.AliceKey);
        await s3.PutBucketAsync(bucket);

        var putCid = await PutAsync(s3, bucket, "dir/whole.bin", bytes);

        using (var get = await s3.GetObjectAsync(bucket, "dir/whole.bin"))
        {
            AssertSameBytes(await ReadAllAsync(get.ResponseStream), bytes, "GET through B");
            Assert.That(get.Metadata["x-amz-meta-cid"], Is.EqualTo(putCid));
        }

        // A range across the first chunk boundary at A (1 MiB chunks by default).
        using (var ranged = await s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket, Key = "dir/whole.bin", ByteRange = new ByteRange(1_000_000, 2_100_000),
        }))
        {
            Assert.That(ranged.HttpStatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            AssertSameBytes(await ReadAllAsync(ranged.ResponseStream), bytes[1_000_000..2_100_001], "ranged GET through B");
        }

        var head = await s3.GetObjectMetadataAsync(bucket, "dir/whole.bin");
        Assert.That(head.Metadata["x-amz-meta-cid"], Is.EqualTo(putCid));
        Assert.That(head.ContentLength, Is.EqualTo(bytes.Length));
        using var atA = NativeApiClient.For(A, A.BobKey);
        AssertSameBytes(await atA.DownloadAsync(putCid), bytes, "A's native download by the CID");
        Assert.That(putCid, Is.EqualTo(await OracleCidAsync(A, bytes, "whole.bin")));
    }

    [Test]
    public async Task Multipart_PartsOnBAndB2_CompletedOnB2_ReadsBackThroughBAndAByItsCidWithTheCompositeETag()
    {
        var bucket = SharedServer.UniqueBucket("so");
        byte[][] parts = [RandomBytes(5 * MiB), RandomBytes(5 * MiB), RandomBytes(1_234_567)];
        var whole = parts.SelectMany(p => p).ToArray();
        using var s3B = S3Clients.Sdk(B, B.AliceKey);
        using var s3B2 = S3Clients.Sdk(B2, B2.AliceKey);
        await s3B.PutBucketAsync(bucket);

        var complete = await MultipartAcrossAsync(s3B, s3B2, bucket, "mp/across.bin", parts);

        Assert.That(complete.ETag.Trim('"'), Is.EqualTo(CompositeETag(parts)));
        using (var get = await s3B.GetObjectAsync(bucket, "mp/across.bin"))
        {
            AssertSameBytes(await ReadAllAsync(get.ResponseStream), whole, "GET through B");
            Assert.That(get.ETag.Trim('"'), Is.EqualTo(CompositeETag(parts)));
        }

        var cid = (await s3B.GetObjectMetadataAsync(bucket, "mp/across.bin")).Metadata["x-amz-meta-cid"];
        using var atA = NativeApiClient.For(A, A.BobKey);
        AssertSameBytes(await atA.DownloadAsync(cid), whole, "A's native download by the CID");
        Assert.That(cid, Is.EqualTo(await OracleCidAsync(A, whole, "across.bin")));
    }

    [Test]
    public async Task NativeUpload_ChunksToBAndB2_CompletedOnB2_ReadsBackThroughBsS3AndThroughAByItsCid()
    {
        var name = $"native-{Guid.NewGuid():N}.bin";
        byte[][] chunks = [RandomBytes(MiB), RandomBytes(MiB), RandomBytes(300_000)];
        var whole = chunks.SelectMany(c => c).ToArray();

        var cid = await NativeAcrossAsync(name, chunks);

        using var s3 = S3Clients.Sdk(B, B.AliceKey);
        using (var get = await s3.GetObjectAsync("default", name))
        {
            AssertSameBytes(await ReadAllAsync(get.ResponseStream), whole, "S3 GET through B of default/" + name);
            Assert.That(get.Metadata["x-amz-meta-cid"], Is.EqualTo(cid));
        }

        using var atA = NativeApiClient.For(A, A.BobKey);
        AssertSameBytes(await atA.DownloadAsync(cid), whole, "A's native download by the CID");
        Assert.That(cid, Is.EqualTo(await OracleCidAsync(A, whole, name)));
    }

    /// <summary>
    /// B's and B2's data directories hold no content under <c>dsn</c> (empty directories at most): not after single PUTs,
    /// multipart and native uploads on one gateway, not while a multipart and a native upload are in progress with parts
    /// and chunks sent to both (where staged parts would show), and not after those are completed on the other one.
    /// </summary>
    [Test]
    public async Task DataDirectories_OfBAndB2_AfterAndDuringUploadsOfEveryKind_HoldNoContentUnderDsn()
    {
        var bucket = SharedServer.UniqueBucket("so");
        using var s3B = S3Clients.Sdk(B, B.AliceKey);
        using var s3B2 = S3Clients.Sdk(B2, B2.AliceKey);
        using var nativeB = NativeApiClient.For(B, B.AliceKey);
        using var nativeB2 = NativeApiClient.For(B2, B2.AliceKey);
        await s3B.PutBucketAsync(bucket);
        await PutAsync(s3B, bucket, "put.bin", RandomBytes((2 * MiB) + 5));
        await PutAsync(s3B2, bucket, "put2.bin", RandomBytes(MiB + 7));
        var onOne = (await s3B.InitiateMultipartUploadAsync(bucket, "one.bin")).UploadId;
        await s3B.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "one.bin",
            UploadId = onOne,
            PartETags =
            [
                new PartETag(1, (await UploadPartAsync(s3B, bucket, "one.bin", onOne, 1, RandomBytes(5 * MiB))).ETag),
                new PartETag(2, (await UploadPartAsync(s3B, bucket, "one.bin", onOne, 2, RandomBytes(10))).ETag),
            ],
        });
        await nativeB.UploadFileAsync($"native-{Guid.NewGuid():N}.bin", RandomBytes((2 * MiB) + 3));

        // In progress: parts and chunks on both gateways, not completed yet.
        var open = (await s3B.InitiateMultipartUploadAsync(bucket, "open.bin")).UploadId;
        var etags = new List<PartETag>
        {
            new(1, (await UploadPartAsync(s3B, bucket, "open.bin", open, 1, RandomBytes(5 * MiB))).ETag),
            new(2, (await UploadPartAsync(s3B2, bucket, "open.bin", open, 2, RandomBytes(5 * MiB))).ETag),
            new(3, (await UploadPartAsync(s3B, bucket, "open.bin", open, 3, RandomBytes(99))).ETag),
        };
        var nativeId = await nativeB.CreateFileUploadAsync($"native-{Guid.NewGuid():N}.bin", "application/octet-stream");
        await nativeB.SendChunkOkAsync(nativeId, RandomBytes(MiB), 0);
        await nativeB2.SendChunkOkAsync(nativeId, RandomBytes(MiB), 1);
        await nativeB.SendChunkOkAsync(nativeId, RandomBytes(3), 2);

        // What A holds shows that the listing sees stored content where there is some.
        Assert.That(FilesUnder(Path.Combine(A.DataDirectory, "dsn")), Is.Not.Empty, "A stores the content");
        await AssertNoContentUnderDsnAsync("with uploads in progress");

        await s3B2.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "open.bin", UploadId = open, PartETags = etags,
        });
        await nativeB2.CompleteOkAsync(nativeId);
        await AssertNoContentUnderDsnAsync("after the uploads completed");
    }

    /// <summary>
    /// Completes of one upload on B and on B2 at the same time. Complete takes the upload's completion lock with a
    /// <i>try</i> lock (<c>pg_try_advisory_lock</c>), then waits (<c>pg_advisory_lock</c>) for its assembly lock before
    /// it writes the content to A. The test holds the assembly lock first, so the Complete on B takes the completion
    /// lock and stops inside the completion, blocked on the test's lock (observed in <c>pg_blocking_pids</c>); the
    /// Complete on B2 then arrives while B's is in flight and finds the completion lock taken: 409 OperationAborted,
    /// never a 5xx. Released, B's Complete answers 200 with the composite ETag, and B2's retry answers the same (a
    /// repeated Complete of a completed upload). The parts are sent to B alone, so that only the race is under test.
    /// </summary>
    [Test]
    public async Task Complete_OnB2_WhileTheSameCompleteIsInFlightOnB_Answers409_AndTheRetryAnswersTheSame()
    {
        var bucket = SharedServer.UniqueBucket("so");
        byte[][] parts = [RandomBytes(5 * MiB), RandomBytes(777_777)];
        using var s3B = S3Clients.Sdk(B, B.AliceKey);
        using var s3B2 = S3Clients.Sdk(B2, B2.AliceKey);
        await s3B.PutBucketAsync(bucket);
        var uploadId = (await s3B.InitiateMultipartUploadAsync(bucket, "race.bin")).UploadId;
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "race.bin",
            UploadId = uploadId,
            PartETags =
            [
                new PartETag(1, (await UploadPartAsync(s3B, bucket, "race.bin", uploadId, 1, parts[0])).ETag),
                new PartETag(2, (await UploadPartAsync(s3B, bucket, "race.bin", uploadId, 2, parts[1])).ETag),
            ],
        };

        Task<CompleteMultipartUploadResponse> first;
        await using (var holder = await HoldAdvisoryLockAsync(B.ConnectionString, UploadLockKey("assemble", uploadId)))
        {
            first = s3B.CompleteMultipartUploadAsync(request);
            await LockWaits.WaitUntilSomeoneWaitsOnAsync(B.ConnectionString, holder.Pid, first);

            var second = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3B2.CompleteMultipartUploadAsync(request));
            Assert.That((second!.StatusCode, second.ErrorCode), Is.EqualTo((HttpStatusCode.Conflict, "OperationAborted")));
            Assert.That(first.IsCompleted, Is.False, "B's Complete was in flight while B2's answered");
        }

        var completed = await first;
        Assert.That(completed.ETag.Trim('"'), Is.EqualTo(CompositeETag(parts)));
        var retried = await s3B2.CompleteMultipartUploadAsync(request);
        Assert.That(retried.ETag, Is.EqualTo(completed.ETag));
        await AssertReadableAsync(s3B2, bucket, "race.bin", parts.SelectMany(p => p).ToArray());
    }

    /// <summary>
    /// The completion lock is one lock across gateways: while it is held elsewhere (here by the test, as by a Complete
    /// in flight on a third gateway), a Complete on B and one on B2 both answer 409 OperationAborted and leave the
    /// upload as it was; once it is free, a Complete on B answers 200 with the composite ETag, and B2 reads the object.
    /// (The parts are sent to B alone: finishing on one gateway what another staged is the multipart test's subject.)
    /// </summary>
    [Test]
    public async Task Complete_OnBAndB2_WhileTheCompletionLockIsHeldElsewhere_BothAnswer409_ThenItCompletes()
    {
        var bucket = SharedServer.UniqueBucket("so");
        byte[][] parts = [RandomBytes(5 * MiB), RandomBytes(123)];
        using var s3B = S3Clients.Sdk(B, B.AliceKey);
        using var s3B2 = S3Clients.Sdk(B2, B2.AliceKey);
        await s3B.PutBucketAsync(bucket);
        var uploadId = (await s3B.InitiateMultipartUploadAsync(bucket, "held.bin")).UploadId;
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "held.bin",
            UploadId = uploadId,
            PartETags =
            [
                new PartETag(1, (await UploadPartAsync(s3B, bucket, "held.bin", uploadId, 1, parts[0])).ETag),
                new PartETag(2, (await UploadPartAsync(s3B, bucket, "held.bin", uploadId, 2, parts[1])).ETag),
            ],
        };

        await using (await HoldAdvisoryLockAsync(B.ConnectionString, UploadLockKey("complete", uploadId)))
        {
            foreach (var s3 in new[] { s3B, s3B2 })
            {
                var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(request));
                Assert.That((refused!.StatusCode, refused.ErrorCode), Is.EqualTo((HttpStatusCode.Conflict, "OperationAborted")));
            }
        }

        var completed = await s3B.CompleteMultipartUploadAsync(request);
        Assert.That(completed.ETag.Trim('"'), Is.EqualTo(CompositeETag(parts)));
        await AssertReadableAsync(s3B2, bucket, "held.bin", parts.SelectMany(p => p).ToArray());
    }

    /// <summary>
    /// An upload lock's advisory-lock key, as the gateways compute it: the first 8 bytes of the SHA-256 of
    /// <c>autodrive:&lt;purpose&gt;:&lt;upload id&gt;</c> as a little-endian int64.
    /// </summary>
    internal static long UploadLockKey(string purpose, string uploadId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"autodrive:{purpose}:{uploadId}")), 0);

    internal static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    internal static void AssertSameBytes(byte[] actual, byte[] expected, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what + ": length");
        Assert.That(actual.AsSpan().SequenceEqual(expected), Is.True, what + ": bytes differ");
    }

    /// <summary>S3's multipart ETag: the MD5 of the parts' MD5s concatenated, then "-" and the number of parts.</summary>
    internal static string CompositeETag(IReadOnlyList<byte[]> parts) =>
        Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray())) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The CID that @autonomys/auto-dag-data gives <paramref name="bytes"/> named <paramref name="name"/> (js/cid.mjs, run
    /// the way real-client scripts run; the server only fills the scripts' environment, the oracle talks to none).
    /// </summary>
    internal static async Task<string> OracleCidAsync(AutoDriveServer anyServer, byte[] bytes, string name)
    {
        using var directory = TemporaryDirectory.Create("autodrive-oracle");
        var path = Path.Combine(directory.Path, "content");
        await File.WriteAllBytesAsync(path, bytes);
        var script = ClientScript.JsScript("cid.mjs", "@autonomys/auto-dag-data");
        var (exitCode, output) = await ClientScript.RunAsync(anyServer, "http", "node", script, path, name);
        Assert.That(exitCode, Is.Zero, output);
        return output.Trim();
    }

    /// <summary>A PUT, asserting its ETag is the MD5 of the bytes; the object's CID (x-amz-meta-cid of a HEAD).</summary>
    internal static async Task<string> PutAsync(IAmazonS3 s3, string bucket, string key, byte[] bytes)
    {
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes) });
        Assert.That(put.ETag.Trim('"'), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(bytes))));
        var cid = (await s3.GetObjectMetadataAsync(bucket, key)).Metadata["x-amz-meta-cid"];
        Assert.That(cid, Does.StartWith("bafkr6i"));
        return cid;
    }

    internal static Task<UploadPartResponse> UploadPartAsync(IAmazonS3 s3, string bucket, string key, string uploadId, int number, byte[] bytes) =>
        s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = number, InputStream = new MemoryStream(bytes),
        });

    private async Task AssertNoContentUnderDsnAsync(string when)
    {
        foreach (var (name, gateway) in new[] { ("B", B), ("B2", B2) })
        {
            var listing = Directory.Exists(gateway.DataDirectory)
                ? Directory.EnumerateFileSystemEntries(gateway.DataDirectory, "*", SearchOption.AllDirectories)
                    .Select(e => Path.GetRelativePath(gateway.DataDirectory, e) + (Directory.Exists(e) ? "/" : $" ({new FileInfo(e).Length} bytes)"))
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : [];
            await TestContext.Out.WriteLineAsync($"{name}'s data directory {when}:\n  " + string.Join("\n  ", listing));

            Assert.That(
                FilesUnder(Path.Combine(gateway.DataDirectory, "dsn")).Select(f => Path.GetRelativePath(gateway.DataDirectory, f)),
                Is.Empty,
                $"files under {name}'s dsn directory {when}");
        }
    }

    private static IEnumerable<string> FilesUnder(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList() : [];

    private static async Task AssertReadableAsync(IAmazonS3 s3, string bucket, string key, byte[] expected)
    {
        using var get = await s3.GetObjectAsync(bucket, key);
        AssertSameBytes(await ReadAllAsync(get.ResponseStream), expected, $"GET {bucket}/{key}");
    }

    /// <summary>A session advisory lock on <paramref name="key"/>, taken (waiting) on a connection of its own and released on dispose.</summary>
    private static async Task<HeldLock> HoldAdvisoryLockAsync(string connectionString, long key)
    {
        // Unpooled: closing it ends the session, and with it the lock (a pooled one would keep the session alive).
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync();
        }

        return new HeldLock(connection, connection.ProcessID);
    }

    /// <summary>Create on B, parts 1 and 3 to B and part 2 to B2, Complete on B2 (asserting each part's ETag is its MD5).</summary>
    private static async Task<CompleteMultipartUploadResponse> MultipartAcrossAsync(
        IAmazonS3 s3B, IAmazonS3 s3B2, string bucket, string key, byte[][] parts)
    {
        var uploadId = (await s3B.InitiateMultipartUploadAsync(bucket, key)).UploadId;
        var etags = new List<PartETag>();
        for (var number = 1; number <= parts.Length; number++)
        {
            var part = await UploadPartAsync(number == 2 ? s3B2 : s3B, bucket, key, uploadId, number, parts[number - 1]);
            Assert.That(part.ETag.Trim('"'), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(parts[number - 1]))));
            etags.Add(new PartETag(number, part.ETag));
        }

        return await s3B2.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = key, UploadId = uploadId, PartETags = etags,
        });
    }

    /// <summary>A native upload created on B, chunks 0 and 2 sent to B and chunk 1 to B2, completed on B2: its CID.</summary>
    private async Task<string> NativeAcrossAsync(string name, byte[][] chunks)
    {
        using var onB = NativeApiClient.For(B, B.AliceKey);
        using var onB2 = NativeApiClient.For(B2, B2.AliceKey);
        var id = await onB.CreateFileUploadAsync(name, "application/octet-stream");
        for (var index = 0; index < chunks.Length; index++)
        {
            await (index == 1 ? onB2 : onB).SendChunkOkAsync(id, chunks[index], index);
        }

        return await onB2.CompleteOkAsync(id);
    }

    private sealed class HeldLock(NpgsqlConnection connection, int pid) : IAsyncDisposable
    {
        public int Pid { get; } = pid;

        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
