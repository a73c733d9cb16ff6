using System.Net;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Objects;

/// <summary>
/// Every S3 object is a native object of its owner: an AWSSDK.S3 PutObject appears in the owner's roots with the key's
/// last segment as its name and its Content-Type as MIME type, and its summary, metadata and download work by the CID
/// S3 answers in <c>x-amz-meta-cid</c>.
/// </summary>
public class S3ObjectsAsNativeTests : NativeApiFixture
{
    [Test]
    public async Task S3PutObject_IsListedInTheOwnersRoots_WithTheKeysLastSegmentAndContentType()
    {
        using var user = await NewUserAsync();
        var bucket = SharedServer.UniqueBucket("asnative");
        await user.S3.PutBucketAsync(bucket);
        var leaf = UniqueName("photo", ".png");
        var bytes = RandomBytes(4321);
        await user.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"albums/2026/{leaf}",
            InputStream = new MemoryStream(bytes),
            ContentType = "image/png",
        });
        var cid = (await user.S3.GetObjectMetadataAsync(bucket, $"albums/2026/{leaf}")).Metadata["cid"];

        var roots = await user.Api.GetJsonAsync("/api/objects/roots?scope=user");
        var row = roots.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("headCid").GetString() == cid);

        Assert.That(row.GetProperty("name").GetString(), Is.EqualTo(leaf));
        Assert.That(row.GetProperty("mimeType").GetString(), Is.EqualTo("image/png"));
        Assert.That(row.GetProperty("size").GetInt64(), Is.EqualTo(4321));
        Assert.That(row.GetProperty("type").GetString(), Is.EqualTo("file"));
    }

    [Test]
    public async Task S3PutObject_HasASummaryMetadataAndDownload()
    {
        using var user = await NewUserAsync();
        var bucket = SharedServer.UniqueBucket("asnative");
        await user.S3.PutBucketAsync(bucket);
        var bytes = RandomBytes(100_000);
        await user.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "docs/data.csv", InputStream = new MemoryStream(bytes), ContentType = "text/csv" });
        var cid = (await user.S3.GetObjectMetadataAsync(bucket, "docs/data.csv")).Metadata["cid"];

        var summary = await user.Api.GetJsonAsync($"/api/objects/{cid}/summary");
        var metadata = await user.Api.GetJsonAsync($"/api/objects/{cid}/metadata");
        var status = await user.Api.GetJsonAsync($"/api/objects/{cid}/status");

        Assert.That(summary.GetProperty("headCid").GetString(), Is.EqualTo(cid));
        Assert.That(summary.GetProperty("name").GetString(), Is.EqualTo("data.csv"));
        Assert.That(summary.GetProperty("mimeType").GetString(), Is.EqualTo("text/csv"));
        Assert.That(summary.GetProperty("owners").EnumerateArray().Select(o => o.GetProperty("oauthUserId").GetString()), Does.Contain(user.PublicId));
        Assert.That(metadata.GetProperty("type").GetString(), Is.EqualTo("file"));
        Assert.That(metadata.GetProperty("dataCid").GetString(), Is.EqualTo(cid));
        Assert.That(metadata.GetProperty("name").GetString(), Is.EqualTo("data.csv"));
        Assert.That(metadata.GetProperty("totalSize").GetInt64(), Is.EqualTo(100_000));
        Assert.That(metadata.GetProperty("chunks").EnumerateArray().Sum(c => c.GetProperty("size").GetInt64()), Is.EqualTo(100_000));
        Assert.That(status.GetProperty("totalNodes").GetInt64(), Is.GreaterThan(0));
        Assert.That(await user.Api.DownloadAsync(cid), Is.EqualTo(bytes));
    }

    [Test]
    public async Task Summary_OfSomeoneElsesUnpublishedObject_Answers404()
    {
        var cid = await Alice.UploadFileAsync(UniqueName("secret", ".txt"), RandomBytes(30));

        using var summary = await Carol.GetAsync($"/api/objects/{cid}/summary");
        using var metadata = await Carol.GetAsync($"/api/objects/{cid}/metadata");
        using var status = await Carol.GetAsync($"/api/objects/{cid}/status");
        using var info = await Carol.GetAsync($"/api/objects/{cid}");

        await NativeApiClient.AssertProblemAsync(summary, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(metadata, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(status, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(info, HttpStatusCode.NotFound);
    }
}
