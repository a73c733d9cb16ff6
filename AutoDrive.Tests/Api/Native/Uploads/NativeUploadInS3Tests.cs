using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Uploads;

/// <summary>
/// A native upload seen through S3 by a real client (AWSSDK.S3): bucket <c>default</c>, key = the file name, ETag = the
/// MD5 of the stored bytes, the CID in <c>x-amz-meta-cid</c>, the client's transformations in metadata.
/// </summary>
public class NativeUploadInS3Tests : NativeApiFixture
{
    [Test]
    public async Task GetObject_AfterANativeUpload_AnswersTheBytesWithTheMd5ETagAndTheCid()
    {
        var name = UniqueName("native", ".bin");
        var bytes = RandomBytes(70_000);

        var cid = await Alice.UploadFileAsync(name, bytes, chunkSize: 30_000, mimeType: "application/x-test");
        using var got = await AliceS3.GetObjectAsync("default", name);
        using var copy = new MemoryStream();
        await got.ResponseStream.CopyToAsync(copy);

        Assert.That(copy.ToArray(), Is.EqualTo(bytes));
        Assert.That(got.ETag, Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\""));
        Assert.That(got.Metadata["cid"], Is.EqualTo(cid));
        Assert.That(got.Headers.ContentType, Is.EqualTo("application/x-test"));
    }

    [Test]
    public async Task HeadObject_AfterACompressedNativeUpload_CarriesTheCompressionInMetadata()
    {
        var name = UniqueName("zipped", ".txt");

        var cid = await Alice.UploadFileAsync(name, Utf8("stand-in for zlib bytes"), uploadOptions: new { compression = new { algorithm = "ZLIB", level = 9 } });
        var head = await AliceS3.GetObjectMetadataAsync("default", name);

        Assert.That(head.Metadata["cid"], Is.EqualTo(cid));
        Assert.That(head.Metadata["compression"], Is.EqualTo("ZLIB"));
        Assert.That(head.Metadata.Keys, Has.None.Contains("encryption"));
    }

    [Test]
    public async Task NativeUpload_OfANameThatIsAlreadyAnS3Key_RePointsTheKeyAndKeepsTheEarlierContentByCid()
    {
        // Decision documented by this test: a native upload of a name that is already a key in bucket "default" points the
        // key at the new content, as an S3 re-upload would; the earlier content stays stored and downloadable by its CID.
        var name = UniqueName("repoint", ".txt");
        await AliceS3.PutObjectAsync(new PutObjectRequest { BucketName = "default", Key = name, ContentBody = "first, through S3" });
        var firstCid = (await AliceS3.GetObjectMetadataAsync("default", name)).Metadata["cid"];

        var secondCid = await Alice.UploadFileAsync(name, Utf8("second, natively"));
        using var got = await AliceS3.GetObjectAsync("default", name);
        using var reader = new StreamReader(got.ResponseStream);

        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("second, natively"));
        Assert.That(got.Metadata["cid"], Is.EqualTo(secondCid));
        Assert.That(secondCid, Is.Not.EqualTo(firstCid));
        Assert.That(await Alice.DownloadAsync(firstCid), Is.EqualTo(Utf8("first, through S3")));
    }

    [Test]
    public async Task GetObject_OfSomeoneElsesNativeUpload_AnswersNoSuchKey()
    {
        var name = UniqueName("private", ".txt");
        await Alice.UploadFileAsync(name, Utf8("alice only"));

        var error = await Assert.CatchAsync<AmazonS3Exception>(() => BobS3.GetObjectAsync("default", name));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.ErrorCode, Is.EqualTo("NoSuchKey"));
    }
}
