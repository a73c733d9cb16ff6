using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.S3.Multipart;

/// <summary>
/// Multipart uploads through AWSSDK.S3 4.x with default settings (signed aws-chunked bodies with checksum trailers),
/// over plain HTTP and over HTTPS: TransferUtility's upload of a ~25 MB stream in 5 MiB parts (sent concurrently),
/// then the object's composite ETag, its CID against a single PutObject of the same bytes and file name, whole and
/// ranged GetObject; and the low-level API with parts sent concurrently and in reverse order.
/// </summary>
[TestFixture("http")]
[TestFixture("https")]
public class TransferUtilityMultipartTests(string scheme) : S3SchemeFixture(scheme)
{
    private const int PartSize = 5 * 1024 * 1024;
    private const string Key = "transfer/deep/twentyfive.bin";

    /// <summary>~25 MB: four 5 MiB parts and a last one of 4,028,487 bytes.</summary>
    private static readonly byte[] Bytes = RandomBytes(25_000_007, seed: 25);

    private string _bucket = null!;
    private TransferUtilityUploadResponse _upload = null!;

    [OneTimeSetUp]
    public async Task UploadAsync()
    {
        _bucket = SharedServer.UniqueBucket("transfer");
        using var transfer = new TransferUtility(Alice);
        await using var body = new MemoryStream(Bytes, writable: false);
        _upload = await transfer.UploadWithResponseAsync(new TransferUtilityUploadRequest
        {
            BucketName = _bucket,
            Key = Key,
            InputStream = body,
            PartSize = PartSize,
        });
    }

    [Test]
    public async Task TransferUtilityUpload_In5MiBParts_HasTheCompositeETag()
    {
        var expected = CompositeETag(Bytes, PartSize);

        var head = await Alice.GetObjectMetadataAsync(_bucket, Key);

        Assert.That(expected, Does.EndWith("-5\""), "five parts");
        Assert.That(_upload.ETag, Is.EqualTo(expected), "Complete's ETag");
        Assert.That(head.ETag, Is.EqualTo(expected));
        Assert.That(head.ContentLength, Is.EqualTo(Bytes.Length));
    }

    [Test]
    public async Task TransferUtilityUpload_In5MiBParts_HasTheCidOfASinglePutOfTheSameBytesAndName()
    {
        await using (var body = new MemoryStream(Bytes, writable: false))
        {
            await Alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "single/twentyfive.bin", InputStream = body });
        }

        var multipart = await Alice.GetObjectMetadataAsync(_bucket, Key);
        var single = await Alice.GetObjectMetadataAsync(_bucket, "single/twentyfive.bin");

        Assert.That(single.ETag, Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(Bytes))}\""));
        Assert.That(multipart.Metadata["x-amz-meta-cid"], Does.StartWith("bafkr6i"));
        Assert.That(multipart.Metadata["x-amz-meta-cid"], Is.EqualTo(single.Metadata["x-amz-meta-cid"]));
    }

    [Test]
    public async Task GetObject_OfTheMultipartObject_ReturnsEveryByte()
    {
        using var get = await Alice.GetObjectAsync(_bucket, Key);
        await using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);

        Assert.That(copy.Length, Is.EqualTo(Bytes.Length));
        Assert.That(copy.ToArray().AsSpan().SequenceEqual(Bytes), Is.True, "downloaded bytes differ");
        Assert.That(get.ETag, Is.EqualTo(CompositeETag(Bytes, PartSize)));
    }

    [TestCase(0, 99)]
    [TestCase(PartSize - 10, PartSize + 9)]
    [TestCase((3 * PartSize) - 1, 4 * PartSize)]
    [TestCase(0, (2 * PartSize) + 1)]
    [TestCase(24_999_990, 25_000_006)]
    public async Task GetObject_WithARangeOfTheMultipartObject_ReturnsThoseBytes(long first, long last)
    {
        using var get = await Alice.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = Key, ByteRange = new ByteRange(first, last) });
        await using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);

        Assert.That(get.HttpStatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(get.ContentRange, Is.EqualTo($"bytes {first}-{last}/{Bytes.Length}"));
        Assert.That(copy.ToArray().AsSpan().SequenceEqual(Bytes.AsSpan((int)first, (int)(last - first + 1))), Is.True, "ranged bytes differ");
    }

    [Test]
    public async Task CompleteMultipartUpload_OfPartsSentConcurrentlyInReverseOrder_HasTheCompositeETagAndTheCidOfASinglePut()
    {
        var bytes = Bytes.AsMemory(0, (2 * PartSize) + 1234);
        const string key = "reverse/order.bin";
        var created = await Alice.InitiateMultipartUploadAsync(_bucket, key);
        var uploads = new[] { 3, 2, 1 }.Select(async number =>
        {
            var start = (number - 1) * PartSize;
            await using var part = new MemoryStream(bytes[start..Math.Min(start + PartSize, bytes.Length)].ToArray());
            var response = await Alice.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket, Key = key, UploadId = created.UploadId, PartNumber = number, InputStream = part,
            });
            return new PartETag(number, response.ETag);
        }).ToList();
        var parts = (await Task.WhenAll(uploads)).OrderBy(p => p.PartNumber).ToList();

        var completed = await Alice.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = key, UploadId = created.UploadId, PartETags = parts,
        });
        await using (var body = new MemoryStream(bytes.ToArray()))
        {
            await Alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "reverse-single/order.bin", InputStream = body });
        }

        var multipart = await Alice.GetObjectMetadataAsync(_bucket, key);
        var single = await Alice.GetObjectMetadataAsync(_bucket, "reverse-single/order.bin");
        Assert.That(completed.ETag, Is.EqualTo(CompositeETag(bytes.Span, PartSize)));
        Assert.That(multipart.ETag, Is.EqualTo(completed.ETag));
        Assert.That(multipart.ContentLength, Is.EqualTo(bytes.Length));
        Assert.That(multipart.Metadata["x-amz-meta-cid"], Is.EqualTo(single.Metadata["x-amz-meta-cid"]));
    }

    /// <summary>The ETag S3 gives a multipart upload of <paramref name="bytes"/> cut into parts of <paramref name="partSize"/>.</summary>
    private static string CompositeETag(ReadOnlySpan<byte> bytes, int partSize)
    {
        var digests = new List<byte>();
        var parts = 0;
        for (var offset = 0; offset < bytes.Length; offset += partSize, parts++)
        {
            digests.AddRange(MD5.HashData(bytes.Slice(offset, Math.Min(partSize, bytes.Length - offset))));
        }

        return $"\"{Convert.ToHexStringLower(MD5.HashData(digests.ToArray()))}-{parts}\"";
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
