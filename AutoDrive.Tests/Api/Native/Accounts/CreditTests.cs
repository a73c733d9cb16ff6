using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Accounts;

/// <summary>
/// Upload and download credits on both APIs, each test with a user of its own (created with limits through the admin
/// API, so no test spends another's credits): what the account routes show, and what is refused beyond the credits
/// (S3: 403 AccessDenied naming the limit; native: 403 ProblemDetails), with nothing stored.
/// </summary>
public class CreditTests : NativeApiFixture
{
    [Test]
    public async Task S3PutObject_BeyondTheUploadCredits_Answers403AccessDeniedNamingTheLimit_AndStoresNothing()
    {
        using var user = await NewUserAsync(uploadLimit: 1000);
        var name = UniqueName("too-big", ".bin");

        var error = await Assert.CatchAsync<AmazonS3Exception>(() =>
            user.S3.PutObjectAsync(new PutObjectRequest { BucketName = "default", Key = name, InputStream = new MemoryStream(RandomBytes(1500)) }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ErrorCode, Is.EqualTo("AccessDenied"));
        Assert.That(error.Message, Does.Contain("1000").And.Contain("upload"));
        var missing = await Assert.CatchAsync<AmazonS3Exception>(() => user.S3.GetObjectAsync("default", name));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var listed = await user.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "default" });
        Assert.That(listed.S3Objects ?? [], Is.Empty);
        Assert.That(await user.Api.RootCidsAsync(), Is.Empty);
        Assert.That((await user.Api.GetJsonAsync("/api/accounts/@me")).GetProperty("pendingUploadCredits").GetInt64(), Is.EqualTo(1000));
    }

    [Test]
    public async Task NativeComplete_BeyondTheUploadCredits_Answers403Problem_StoresNothing_AndStaysOpen()
    {
        using var user = await NewUserAsync(uploadLimit: 1000);
        var fits = await user.Api.UploadFileAsync(UniqueName("fits", ".bin"), RandomBytes(600));
        var name = UniqueName("beyond", ".bin");
        var id = await user.Api.CreateFileUploadAsync(name);
        await user.Api.SendChunkOkAsync(id, RandomBytes(600), 0);

        using var refused = await user.Api.CompleteAsync(id);

        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        var missing = await Assert.CatchAsync<AmazonS3Exception>(() => user.S3.GetObjectAsync("default", name));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await user.Api.RootCidsAsync(), Is.EqualTo(new[] { fits }));
        Assert.That((await user.Api.GetJsonAsync("/api/accounts/@me")).GetProperty("pendingUploadCredits").GetInt64(), Is.EqualTo(400));

        using var admin = NativeTestUser.Admin(Server, Server.AdminKey);
        using var raised = await admin.PutJsonAsync($"/api/admin/users/{user.Name}/limits", new { uploadLimit = 10_000, downloadLimit = (long?)null });
        await NativeApiClient.AssertStatusAsync(raised, HttpStatusCode.OK);
        var cid = await user.Api.CompleteOkAsync(id);
        Assert.That(await user.Api.RootCidsAsync(), Does.Contain(cid));
    }

    [Test]
    public async Task AccountRoutes_AfterAnUploadAndADownload_ShowTheLimitsAndTheCreditsLeft()
    {
        using var user = await NewUserAsync(uploadLimit: 10_000, downloadLimit: 20_000);
        var before = await user.Api.GetJsonAsync("/api/accounts/@me");
        Assert.That(before.GetProperty("id").GetString(), Is.EqualTo(user.PublicId));
        Assert.That(before.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(10_000));
        Assert.That(before.GetProperty("downloadLimit").GetInt64(), Is.EqualTo(20_000));
        Assert.That(before.GetProperty("pendingUploadCredits").GetInt64(), Is.EqualTo(10_000));
        Assert.That(before.GetProperty("pendingDownloadCredits").GetInt64(), Is.EqualTo(20_000));
        Assert.That(before.GetProperty("model").GetString(), Is.EqualTo("one_off"));

        var cid = await user.Api.UploadFileAsync(UniqueName("counted", ".bin"), RandomBytes(1234));
        await user.Api.DownloadAsync(cid);
        var account = await user.Api.GetJsonAsync("/api/accounts/@me");
        var sdkMe = await user.Api.GetJsonAsync("/api@me");
        var usersMe = await user.Api.GetJsonAsync("/api/users/@me");

        Assert.That(account.GetProperty("pendingUploadCredits").GetInt64(), Is.EqualTo(10_000 - 1234));
        Assert.That(account.GetProperty("pendingDownloadCredits").GetInt64(), Is.EqualTo(20_000 - 1234));
        foreach (var me in new[] { sdkMe, usersMe })
        {
            var subscription = me.GetProperty("subscription");
            Assert.That(me.GetProperty("user").GetProperty("publicId").GetString(), Is.EqualTo(user.PublicId));
            Assert.That(subscription.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(10_000));
            Assert.That(subscription.GetProperty("downloadLimit").GetInt64(), Is.EqualTo(20_000));
            Assert.That(subscription.GetProperty("pendingUploadCredits").GetInt64(), Is.EqualTo(10_000 - 1234));
            Assert.That(subscription.GetProperty("pendingDownloadCredits").GetInt64(), Is.EqualTo(20_000 - 1234));
            Assert.That(subscription.GetProperty("granularity").GetString(), Is.EqualTo("one_off"));
        }
    }

    [Test]
    public async Task AccountRoutes_OfAnUnlimitedUser_ShowNullLimitsAndCredits()
    {
        using var user = await NewUserAsync();

        var account = await user.Api.GetJsonAsync("/api/accounts/@me");

        Assert.That(account.GetProperty("uploadLimit").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(account.GetProperty("pendingUploadCredits").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task Download_BeyondTheDownloadCredits_Answers403OnBothApis()
    {
        using var user = await NewUserAsync(downloadLimit: 1000);
        var name = UniqueName("metered", ".bin");
        var bytes = RandomBytes(800);
        var cid = await user.Api.UploadFileAsync(name, bytes);

        using var range = await user.Api.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true", ("Range", "bytes=0-99"));
        await NativeApiClient.AssertStatusAsync(range, HttpStatusCode.PartialContent);
        using (var whole = await user.S3.GetObjectAsync("default", name))
        {
            Assert.That(whole.ContentLength, Is.EqualTo(800));
        }

        using var native = await user.Api.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true");
        var s3 = await Assert.CatchAsync<AmazonS3Exception>(() => user.S3.GetObjectAsync("default", name));

        var problem = await NativeApiClient.AssertProblemAsync(native, HttpStatusCode.Forbidden);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("1000"));
        Assert.That(s3!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(s3.ErrorCode, Is.EqualTo("AccessDenied"));
        Assert.That((await user.Api.GetJsonAsync("/api/accounts/@me")).GetProperty("pendingDownloadCredits").GetInt64(), Is.EqualTo(100));
    }

    [Test]
    public async Task CompleteMultipartUpload_BeyondTheUploadCredits_Answers403AndStoresNothing()
    {
        using var user = await NewUserAsync(uploadLimit: 1024 * 1024);
        var name = UniqueName("multipart", ".bin");
        var initiated = await user.S3.InitiateMultipartUploadAsync("default", name);
        var part = await user.S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = "default",
            Key = name,
            UploadId = initiated.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(RandomBytes(2 * 1024 * 1024)),
        });

        var error = await Assert.CatchAsync<AmazonS3Exception>(() => user.S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "default",
            Key = name,
            UploadId = initiated.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ErrorCode, Is.EqualTo("AccessDenied"));
        Assert.That(error.Message, Does.Contain("1048576"));
        var missing = await Assert.CatchAsync<AmazonS3Exception>(() => user.S3.GetObjectAsync("default", name));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await user.Api.RootCidsAsync(), Is.Empty);
    }
}
