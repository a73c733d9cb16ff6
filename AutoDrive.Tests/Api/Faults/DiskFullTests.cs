using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Faults;

/// <summary>
/// A gateway whose local store is a 16 MiB tmpfs, filled to a chosen point: a PUT, an UploadPart and a native chunk
/// that do not fit answer 503 (S3 XML ServiceUnavailable "The storage is full…"; native ProblemDetails 503), nothing is
/// recorded (HEAD 404, not listed, no part, no temporary file), reads go on being served, and once space is freed,
/// writes succeed again. Each body is sized so that it is read whole before the store fails (the failure comes at its
/// last megabyte), so the client reads the answer rather than a connection closed under its upload.
/// </summary>
[NonParallelizable]
public class DiskFullTests
{
    private const int MiB = 1024 * 1024;

    [Test]
    public async Task Writes_WhenTheStoreIsFull_Answer503AndRecordNothing_ReadsGoOn_AndWritesResumeOnceFreed()
    {
        using var mount = TmpfsMount.MountOrIgnore(16 * MiB);
        var store = Path.Combine(mount.Path, "dsn");
        await using var server = await AutoDriveServer.StartAsync(
            new GatewaySetup { Settings = new Dictionary<string, string?> { ["AutoDrive:LocalDsn:RootDirectory"] = store } },
            CancellationToken.None);
        using var s3 = S3Clients.Sdk(server, server.AliceKey);
        const string bucket = "disk-full";
        await s3.PutBucketAsync(bucket);
        var before = TestBytes.Random(MiB, 1);
        await PutAsync(s3, bucket, "before.bin", before);

        mount.FillLeaving(3 * MiB / 2);

        var put = await Assert.ThrowsAsync<AmazonS3Exception>(() => PutAsync(s3, bucket, "big.bin", TestBytes.Random(2 * MiB, 2)));
        Assert.That(put!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(put.ErrorCode, Is.EqualTo("ServiceUnavailable"));
        Assert.That(put.Message, Does.Contain("storage is full"));

        var upload = await s3.InitiateMultipartUploadAsync(bucket, "multi.bin");
        var part = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = "multi.bin", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(TestBytes.Random(2 * MiB, 3)),
        }));
        Assert.That(part!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(part.Message, Does.Contain("storage is full"));

        using var native = NativeApiClient.For(server, server.BobKey);
        var nativeUpload = await native.CreateFileUploadAsync("native.bin");
        using (var chunk = await native.SendChunkAsync(nativeUpload, TestBytes.Random(2 * MiB, 4), "0"))
        {
            var problem = await NativeApiClient.AssertProblemAsync(chunk, HttpStatusCode.ServiceUnavailable);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("storage is full"));
        }

        // Nothing recorded, nothing left behind; reads are served.
        var head = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "big.bin"));
        Assert.That(head!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.That(listing.S3Objects.Select(o => o.Key), Is.EqualTo(new[] { "before.bin" }));
        var parts = await s3.ListPartsAsync(bucket, "multi.bin", upload.UploadId);
        Assert.That(parts.Parts ?? [], Is.Empty);
        Assert.That(StoreTempFiles.In(store), Is.Empty);
        Assert.That(await GetAsync(s3, bucket, "before.bin"), Is.EqualTo(before));

        mount.FreeFiller();

        var big = TestBytes.Random(2 * MiB, 2);
        await PutAsync(s3, bucket, "big.bin", big);
        Assert.That(await GetAsync(s3, bucket, "big.bin"), Is.EqualTo(big));
        await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = "multi.bin", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(TestBytes.Random(2 * MiB, 3)),
        });
        await native.SendChunkOkAsync(nativeUpload, TestBytes.Random(2 * MiB, 4), 0);
    }

    private static Task PutAsync(AmazonS3Client s3, string bucket, string key, byte[] bytes) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes) });

    private static async Task<byte[]> GetAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
