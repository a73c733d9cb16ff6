using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Gateways;

/// <summary>
/// Two gateways on the local store that share one database but not their data directories (a misconfigured scale-out:
/// the local store is only shared through shared storage). What one stored the other cannot reach, and says so the
/// way S3 clients retry on: 503 ServiceUnavailable, never a 500 — whether it is a Complete of parts staged on the
/// first or a read of an object stored by the first.
/// </summary>
[NonParallelizable]
public class LocalScaleOutTests
{
    private const int MiB = 1024 * 1024;

    private AutoDriveServer? _first;
    private AutoDriveServer? _second;

    private AutoDriveServer First => _first!;

    private AutoDriveServer Second => _second!;

    [OneTimeSetUp]
    public async Task StartGatewaysAsync()
    {
        _first = await AutoDriveServer.StartAsync(CancellationToken.None);
        _second = await AutoDriveServer.StartAsync(GatewaySetup.Beside(First), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopGatewaysAsync()
    {
        foreach (var server in new[] { _second, _first })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Complete_OnTheSecond_OfPartsStagedOnTheFirst_Answers503ServiceUnavailable()
    {
        var bucket = SharedServer.UniqueBucket("ls");
        using var onFirst = S3Clients.Sdk(First, First.AliceKey);
        using var onSecond = S3Clients.Sdk(Second, Second.AliceKey);
        await onFirst.PutBucketAsync(bucket);
        var uploadId = (await onFirst.InitiateMultipartUploadAsync(bucket, "staged.bin")).UploadId;
        var part1 = await ScaleOutTests.UploadPartAsync(onFirst, bucket, "staged.bin", uploadId, 1, ScaleOutTests.RandomBytes(5 * MiB));
        var part2 = await ScaleOutTests.UploadPartAsync(onFirst, bucket, "staged.bin", uploadId, 2, ScaleOutTests.RandomBytes(1000));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => onSecond.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "staged.bin",
            UploadId = uploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        }));

        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")), error.Message);
    }

    [Test]
    public async Task GetObject_OnTheSecond_OfAnObjectStoredByTheFirst_Answers503ServiceUnavailable()
    {
        var bucket = SharedServer.UniqueBucket("ls");
        using var onFirst = S3Clients.Sdk(First, First.AliceKey);
        using var onSecond = S3Clients.Sdk(Second, Second.AliceKey);
        await onFirst.PutBucketAsync(bucket);
        var bytes = ScaleOutTests.RandomBytes(MiB + 3);
        await ScaleOutTests.PutAsync(onFirst, bucket, "stored.bin", bytes);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => onSecond.GetObjectAsync(bucket, "stored.bin"));

        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")), error.Message);
        // The first, which holds the content, still reads it: the 503 is about the second's reach, not the object.
        using var get = await onFirst.GetObjectAsync(bucket, "stored.bin");
        ScaleOutTests.AssertSameBytes(await ScaleOutTests.ReadAllAsync(get.ResponseStream), bytes, "GET on the first");
    }
}
