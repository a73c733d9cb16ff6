using System.Net;
using System.Text.Json;
using Amazon.S3;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Admin;

/// <summary>
/// The operator's routes under <c>/api/admin</c> with the admin key: users (created with limits and a first key, listed
/// with their usage), limits, anyone's keys, storage totals. Without the admin key (none, a wrong one, a user's) 401.
/// </summary>
public class AdminApiTests : NativeApiFixture
{
    private NativeApiClient _admin = null!;

    [OneTimeSetUp]
    public void CreateAdminClient() => _admin = NativeTestUser.Admin(Server, Server.AdminKey);

    [OneTimeTearDown]
    public void DisposeAdminClient() => _admin.Dispose();

    [Test]
    public async Task CreateUser_AnswersTheUserWithLimitsAndAWorkingFirstKey()
    {
        var name = $"admin-made-{Guid.NewGuid():N}";

        using var response = await _admin.PostJsonAsync("/api/admin/users", new { name, uploadLimit = 5000, downloadLimit = 7000 });
        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.Created);
        var created = await NativeApiClient.ReadJsonAsync(response);
        var user = created.GetProperty("user");
        using var api = NativeApiClient.For(Server, created.GetProperty("apiKey").GetProperty("secret").GetString());
        var account = await api.GetJsonAsync("/api/accounts/@me");

        Assert.That(user.GetProperty("name").GetString(), Is.EqualTo(name));
        Assert.That(user.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(5000));
        Assert.That(user.GetProperty("downloadLimit").GetInt64(), Is.EqualTo(7000));
        Assert.That(response.Headers.Location?.ToString(), Does.Contain(user.GetProperty("id").GetString()));
        Assert.That(account.GetProperty("id").GetString(), Is.EqualTo(user.GetProperty("publicId").GetString()));
        Assert.That(account.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(5000));
    }

    [Test]
    public async Task CreateUser_WithATakenName_Answers409()
    {
        using var user = await NewUserAsync();

        using var response = await _admin.PostJsonAsync("/api/admin/users", new { name = user.Name });

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [TestCase("""{"name":""}""")]
    [TestCase("""{"name":"x","uploadLimit":-1}""")]
    [TestCase("""{"name":""")]
    public async Task CreateUser_WithABadBody_Answers400(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await _admin.Http.PostAsync("/api/admin/users", content);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task ListUsers_ShowsEachUsersObjectsBytesAndCreditsUsed()
    {
        using var user = await NewUserAsync(uploadLimit: 10_000);
        await user.Api.UploadFileAsync(UniqueName("usage", ".bin"), RandomBytes(300));
        await user.Api.UploadFileAsync(UniqueName("usage", ".bin"), RandomBytes(700));

        var page = await _admin.GetJsonAsync("/api/admin/users?limit=1000");
        var row = page.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == user.Name);

        Assert.That(page.GetProperty("totalCount").GetInt64(), Is.GreaterThanOrEqualTo(page.GetProperty("rows").GetArrayLength()));
        Assert.That(row.GetProperty("objects").GetInt64(), Is.EqualTo(2));
        Assert.That(row.GetProperty("bytes").GetInt64(), Is.EqualTo(1000));
        Assert.That(row.GetProperty("keys").GetInt64(), Is.EqualTo(2));
        Assert.That(row.GetProperty("uploadedBytes").GetInt64(), Is.EqualTo(1000));
        Assert.That(row.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(10_000));
        Assert.That(row.GetProperty("activeApiKeys").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetUser_ByNameOrId_AnswersTheUser_AndAnUnknownOne404()
    {
        using var user = await NewUserAsync(uploadLimit: 42);

        var byName = await _admin.GetJsonAsync($"/api/admin/users/{user.Name}");
        var byId = await _admin.GetJsonAsync($"/api/admin/users/{byName.GetProperty("id").GetString()}");
        using var unknown = await _admin.GetAsync($"/api/admin/users/nobody-{Guid.NewGuid():N}");

        Assert.That(byName.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(42));
        Assert.That(byId.GetProperty("name").GetString(), Is.EqualTo(user.Name));
        await NativeApiClient.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task SetLimits_ChangesWhatTheUserMayUpload()
    {
        using var user = await NewUserAsync(uploadLimit: 100);
        var id = await user.Api.CreateFileUploadAsync(UniqueName("limited", ".bin"));
        await user.Api.SendChunkOkAsync(id, RandomBytes(500), 0);
        using var refused = await user.Api.CompleteAsync(id);
        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden);

        using var set = await _admin.PutJsonAsync($"/api/admin/users/{user.Name}/limits", new { uploadLimit = 1000, downloadLimit = 2000 });
        var limited = await NativeApiClient.ReadOkJsonAsync(set);
        await user.Api.CompleteOkAsync(id);
        var account = await user.Api.GetJsonAsync("/api/accounts/@me");

        Assert.That(limited.GetProperty("uploadLimit").GetInt64(), Is.EqualTo(1000));
        Assert.That(limited.GetProperty("downloadLimit").GetInt64(), Is.EqualTo(2000));
        Assert.That(account.GetProperty("pendingUploadCredits").GetInt64(), Is.EqualTo(500));
        Assert.That(account.GetProperty("pendingDownloadCredits").GetInt64(), Is.EqualTo(2000));
    }

    [Test]
    public async Task SetLimits_ToNull_MakesTheUserUnlimited()
    {
        using var user = await NewUserAsync(uploadLimit: 100, downloadLimit: 100);

        using var set = await _admin.PutJsonAsync($"/api/admin/users/{user.Name}/limits", new { uploadLimit = (long?)null, downloadLimit = (long?)null });
        await NativeApiClient.AssertStatusAsync(set, HttpStatusCode.OK);
        var account = await user.Api.GetJsonAsync("/api/accounts/@me");

        Assert.That(account.GetProperty("uploadLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(account.GetProperty("downloadLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task CreateAndRevokeKey_ForAUser_WorksOnBothApisUntilRevoked()
    {
        using var user = await NewUserAsync();

        var created = await _admin.PostJsonOkAsync($"/api/admin/users/{user.Name}/apiKeys", new { name = "from admin" });
        var secret = created.GetProperty("secret").GetString()!;
        var keyId = created.GetProperty("id").GetString()!;
        using var api = NativeApiClient.For(Server, secret);
        using var s3 = S3Clients.Sdk(Server, secret);
        Assert.That(await api.PublicIdAsync(), Is.EqualTo(user.PublicId));
        var listed = await _admin.GetJsonAsync($"/api/admin/users/{user.Name}/apiKeys");
        Assert.That(listed.EnumerateArray().Select(k => k.GetProperty("id").GetString()), Does.Contain(keyId));

        using var revoke = await _admin.DeleteAsync($"/api/admin/users/{user.Name}/apiKeys/{keyId}");
        await NativeApiClient.AssertStatusAsync(revoke, HttpStatusCode.OK);
        using var refused = await api.GetAsync("/api/accounts/@me");
        var error = await Assert.CatchAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());

        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.That(error!.ErrorCode, Is.EqualTo("InvalidAccessKeyId"));
        Assert.That(await user.Api.PublicIdAsync(), Is.EqualTo(user.PublicId));
    }

    [Test]
    public async Task RevokeKey_OfAnotherUsersKeyId_Answers404()
    {
        using var owner = await NewUserAsync();
        using var other = await NewUserAsync();
        var created = await _admin.PostJsonOkAsync($"/api/admin/users/{owner.Name}/apiKeys", new { name = "owner's" });

        using var response = await _admin.DeleteAsync($"/api/admin/users/{other.Name}/apiKeys/{created.GetProperty("id").GetString()}");

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Storage_CountsAnUploadOfNewContent()
    {
        using var user = await NewUserAsync();
        var before = await _admin.GetJsonAsync("/api/admin/storage");

        await user.Api.UploadFileAsync(UniqueName("storage", ".bin"), RandomBytes(2500));
        var after = await _admin.GetJsonAsync("/api/admin/storage");

        Assert.That(after.GetProperty("users").GetInt64(), Is.EqualTo(before.GetProperty("users").GetInt64()));
        Assert.That(after.GetProperty("files").GetInt64(), Is.EqualTo(before.GetProperty("files").GetInt64() + 1));
        Assert.That(after.GetProperty("storedBytes").GetInt64(), Is.EqualTo(before.GetProperty("storedBytes").GetInt64() + 2500));
        Assert.That(after.GetProperty("mappedKeys").GetInt64(), Is.EqualTo(before.GetProperty("mappedKeys").GetInt64() + 1));
    }

    [TestCase("GET", "/api/admin/users")]
    [TestCase("POST", "/api/admin/users")]
    [TestCase("GET", "/api/admin/storage")]
    [TestCase("PUT", "/api/admin/users/alice/limits")]
    [TestCase("DELETE", "/api/admin/users/alice/apiKeys/00000000-0000-0000-0000-000000000001")]
    public async Task AdminRoutes_WithoutTheAdminKey_Answer401(string method, string path)
    {
        using var none = NativeTestUser.Admin(Server, null);
        using var wrong = NativeTestUser.Admin(Server, Server.AdminKey + "x");
        using var aUsersKey = NativeTestUser.Admin(Server, Server.AliceKey);

        foreach (var client in new[] { none, wrong, aUsersKey })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method is "POST" or "PUT" ? JsonContent("""{"name":"intruder","uploadLimit":null,"downloadLimit":null}""") : null,
            };
            using var response = await client.Http.SendAsync(request);

            await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        using var check = await _admin.GetAsync("/api/admin/users/intruder");
        await NativeApiClient.AssertProblemAsync(check, HttpStatusCode.NotFound);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
