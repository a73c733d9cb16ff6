using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Objects;

/// <summary>
/// The trash: <c>POST /api/objects/{cid}/delete</c> hides the object from its user's S3 view (ListObjectsV2, GetObject,
/// HeadObject) and roots, and lists it in <c>roots/deleted</c>; another owner of the same CID is unaffected; restore (or,
/// documented here, an S3 PUT of the same bytes under the same name) brings it back. Each test has users of its own.
/// </summary>
public class TrashTests : NativeApiFixture
{
    [Test]
    public async Task Delete_HidesTheObjectFromItsUsersS3ViewAndRoots_AndListsItInTheTrash()
    {
        using var user = await NewUserAsync();
        var name = UniqueName("trashed", ".txt");
        var cid = await user.Api.UploadFileAsync(name, Utf8("to the trash"));
        Assert.That(await ListKeysAsync(user.S3), Does.Contain(name));

        var deleted = await user.Api.PostJsonOkAsync($"/api/objects/{cid}/delete", null);

        Assert.That(deleted.EnumerateObject(), Is.Empty);
        Assert.That(await ListKeysAsync(user.S3), Does.Not.Contain(name));
        await AssertNoSuchKeyAsync(() => user.S3.GetObjectAsync("default", name), expectCode: true);
        await AssertNoSuchKeyAsync(() => user.S3.GetObjectMetadataAsync("default", name), expectCode: false);
        Assert.That(await user.Api.RootCidsAsync(), Does.Not.Contain(cid));
        Assert.That(await user.Api.RootCidsAsync("/api/objects/roots/deleted?limit=1000"), Does.Contain(cid));
    }

    [Test]
    public async Task Delete_ByOneOwner_LeavesAnotherOwnerOfTheSameBytesAndNameUnaffected()
    {
        using var first = await NewUserAsync();
        using var second = await NewUserAsync();
        var name = UniqueName("both", ".txt");
        var cid = await first.Api.UploadFileAsync(name, Utf8("same bytes, same name"));
        var secondCid = await second.Api.UploadFileAsync(name, Utf8("same bytes, same name"));
        Assert.That(secondCid, Is.EqualTo(cid));

        using var deleted = await first.Api.PostAsync($"/api/objects/{cid}/delete");
        await NativeApiClient.AssertStatusAsync(deleted, HttpStatusCode.OK);

        Assert.That(await ListKeysAsync(second.S3), Does.Contain(name));
        using (var got = await second.S3.GetObjectAsync("default", name))
        {
            Assert.That(got.HttpStatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(await second.Api.RootCidsAsync(), Does.Contain(cid));
        Assert.That(await second.Api.RootCidsAsync("/api/objects/roots/deleted?limit=1000"), Does.Not.Contain(cid));
        Assert.That(await second.Api.DownloadAsync(cid), Is.EqualTo(Utf8("same bytes, same name")));
        Assert.That(await ListKeysAsync(first.S3), Does.Not.Contain(name));
    }

    [Test]
    public async Task Restore_BringsTheObjectBackEverywhere()
    {
        using var user = await NewUserAsync();
        var name = UniqueName("restored", ".txt");
        var cid = await user.Api.UploadFileAsync(name, Utf8("back again"));
        using var deleted = await user.Api.PostAsync($"/api/objects/{cid}/delete");
        await NativeApiClient.AssertStatusAsync(deleted, HttpStatusCode.OK);

        var restored = await user.Api.PostJsonOkAsync($"/api/objects/{cid}/restore", null);

        Assert.That(restored.EnumerateObject(), Is.Empty);
        Assert.That(await ListKeysAsync(user.S3), Does.Contain(name));
        using (var got = await user.S3.GetObjectAsync("default", name))
        using (var reader = new StreamReader(got.ResponseStream))
        {
            Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("back again"));
        }

        Assert.That((await user.S3.GetObjectMetadataAsync("default", name)).Metadata["cid"], Is.EqualTo(cid));
        Assert.That(await user.Api.RootCidsAsync(), Does.Contain(cid));
        Assert.That(await user.Api.RootCidsAsync("/api/objects/roots/deleted?limit=1000"), Does.Not.Contain(cid));
    }

    [Test]
    public async Task S3Put_OfTheSameBytesUnderTheSameName_TakesTheObjectOutOfTheTrash()
    {
        // Decision documented by this test: writing the same content again through S3 is an upload of it, and an upload
        // makes its uploader an owner again, so the object leaves that user's trash.
        using var user = await NewUserAsync();
        var name = UniqueName("again", ".txt");
        var cid = await user.Api.UploadFileAsync(name, Utf8("uploaded twice"));
        using var deleted = await user.Api.PostAsync($"/api/objects/{cid}/delete");
        await NativeApiClient.AssertStatusAsync(deleted, HttpStatusCode.OK);

        await user.S3.PutObjectAsync(new PutObjectRequest { BucketName = "default", Key = name, ContentBody = "uploaded twice" });

        Assert.That((await user.S3.GetObjectMetadataAsync("default", name)).Metadata["cid"], Is.EqualTo(cid));
        Assert.That(await user.Api.RootCidsAsync(), Does.Contain(cid));
        Assert.That(await user.Api.RootCidsAsync("/api/objects/roots/deleted?limit=1000"), Does.Not.Contain(cid));
    }

    [Test]
    public async Task DeleteAndRestore_OfSomeoneElsesObject_Answer404()
    {
        using var owner = await NewUserAsync();
        var cid = await owner.Api.UploadFileAsync(UniqueName("not-yours", ".txt"), Utf8("mine"));

        using var delete = await Carol.PostAsync($"/api/objects/{cid}/delete");
        using var restore = await Carol.PostAsync($"/api/objects/{cid}/restore");

        await NativeApiClient.AssertProblemAsync(delete, HttpStatusCode.NotFound);
        await NativeApiClient.AssertProblemAsync(restore, HttpStatusCode.NotFound);
        Assert.That(await owner.Api.RootCidsAsync(), Does.Contain(cid));
    }

    private static async Task<IReadOnlyList<string>> ListKeysAsync(AmazonS3Client s3)
    {
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "default", MaxKeys = 1000 });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    private static async Task AssertNoSuchKeyAsync(Func<Task> call, bool expectCode)
    {
        var error = await Assert.CatchAsync<AmazonS3Exception>(() => call());
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        if (expectCode)
        {
            Assert.That(error.ErrorCode, Is.EqualTo("NoSuchKey"));
        }
    }
}
