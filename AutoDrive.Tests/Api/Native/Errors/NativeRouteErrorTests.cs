using System.Net;
using System.Security.Cryptography;
using System.Text;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Errors;

/// <summary>
/// Every failure of a native route is ProblemDetails (<c>application/problem+json</c>) with the status that names it,
/// never a 500: bad input 400, unknown things 404, no key 401; routes the SDK knows that AutoDrive does not serve 501.
/// </summary>
public class NativeRouteErrorTests : NativeApiFixture
{
    private static readonly string UnknownCid = CidEncoding.ToText(RandomNumberGenerator.GetBytes(CidEncoding.DigestLength));

    [TestCase("GET", "/api/nothing-here")]
    [TestCase("GET", "/api/objects/roots/everything/else")]
    [TestCase("POST", "/api/uploads/file/x/y/z")]
    [TestCase("DELETE", "/api/users/@me/apiKeys/not-a-guid")]
    public async Task UnknownRoute_UnderApi_Answers404Problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Alice.Http.SendAsync(request);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [TestCase("POST", "/api/downloads/async/bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu")]
    [TestCase("GET", "/api/downloads/async/some-id")]
    [TestCase("GET", "/api/downloads/bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu/status")]
    [TestCase("GET", "/api/intents/price")]
    [TestCase("POST", "/api/intents")]
    [TestCase("POST", "/api/objects/bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu/report")]
    [TestCase("GET", "/api/objects/to-be-reviewed/list")]
    public async Task UnsupportedSdkRoute_Answers501Problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Alice.Http.SendAsync(request);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotImplemented);
    }

    [TestCase("GET", "/api/objects/{bad}/summary", 400)]
    [TestCase("GET", "/api/objects/{bad}/metadata", 400)]
    [TestCase("GET", "/api/objects/{bad}/status", 400)]
    [TestCase("GET", "/api/objects/{bad}", 400)]
    [TestCase("GET", "/api/objects/{bad}/owners", 400)]
    [TestCase("POST", "/api/objects/{bad}/publish", 400)]
    [TestCase("POST", "/api/objects/{bad}/delete", 400)]
    [TestCase("GET", "/api/objects/{unknown}/summary", 404)]
    [TestCase("GET", "/api/objects/{unknown}/metadata", 404)]
    [TestCase("GET", "/api/objects/{unknown}/status", 404)]
    [TestCase("GET", "/api/objects/{unknown}", 404)]
    [TestCase("GET", "/api/objects/{unknown}/owners", 404)]
    [TestCase("POST", "/api/objects/{unknown}/publish", 404)]
    [TestCase("POST", "/api/objects/{unknown}/unpublish", 404)]
    [TestCase("POST", "/api/objects/{unknown}/delete", 404)]
    [TestCase("POST", "/api/objects/{unknown}/restore", 404)]
    [TestCase("GET", "/api/objects/not-a-publication/public", 404)]
    [TestCase("GET", "/api/objects/search?cid=x&limit=-3", 400)]
    [TestCase("GET", "/api/objects/search?cid=x&scope=nobody", 400)]
    [TestCase("GET", "/api/objects/roots/shared?offset=-1", 400)]
    [TestCase("GET", "/api/objects/roots/deleted?limit=many", 400)]
    [TestCase("GET", "/api/downloads/{unknown}", 404)]
    [TestCase("GET", "/api/downloads/{bad}", 400)]
    [TestCase("GET", "/api/admin/users", 401)]
    public async Task NativeRoute_Failing_AnswersProblemWithItsStatus(string method, string path, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{bad}", "not-a-cid", StringComparison.Ordinal).Replace("{unknown}", UnknownCid, StringComparison.Ordinal));

        using var response = await Alice.Http.SendAsync(request);

        await NativeApiClient.AssertProblemAsync(response, (HttpStatusCode)status);
    }

    [TestCase("/api/objects/{cid}/share", "{}", 400)]
    [TestCase("/api/objects/{cid}/share", """{"publicId":"nobody-has-this-id"}""", 404)]
    [TestCase("/api/objects/{cid}/share", """{"publicId":""", 400)]
    [TestCase("/api/uploads/folder/{upload}/file", """{"name":"a.txt"}""", 400)]
    [TestCase("/api/uploads/folder/{upload}/file", "[1,2,3]", 400)]
    [TestCase("/api/users/@me/apiKeys/create", """{"expiresAt":"tomorrow"}""", 400)]
    [TestCase("/api/uploads/file", "null", 400)]
    public async Task NativeRoute_WithABadJsonBody_AnswersProblemWithItsStatus(string path, string json, int status)
    {
        var cid = await Alice.UploadFileAsync(UniqueName("target", ".txt"), Utf8("shared or not"));
        var upload = (await Alice.PostJsonOkAsync("/api/uploads/folder", new { fileTree = new { name = UniqueName("f", string.Empty), type = "folder", id = "f", children = new[] { new { name = "a.txt", type = "file", id = "a.txt" } } } }))
            .GetProperty("id").GetString()!;
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Alice.Http.PostAsync(path.Replace("{cid}", cid, StringComparison.Ordinal).Replace("{upload}", upload, StringComparison.Ordinal), content);

        await NativeApiClient.AssertProblemAsync(response, (HttpStatusCode)status);
    }

    [Test]
    public async Task ShareAndPublish_OfAnObjectSharedWithTheCaller_Answer403()
    {
        var cid = await Alice.UploadFileAsync(UniqueName("viewer", ".txt"), Utf8("viewers may not pass it on"));
        await Alice.PostJsonOkAsync($"/api/objects/{cid}/share", new { publicId = await Bob.PublicIdAsync() });

        using var publish = await Bob.PostAsync($"/api/objects/{cid}/publish");
        using var share = await Bob.PostJsonAsync($"/api/objects/{cid}/share", new { publicId = await Carol.PublicIdAsync() });

        await NativeApiClient.AssertProblemAsync(publish, HttpStatusCode.Forbidden);
        await NativeApiClient.AssertProblemAsync(share, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task PostJson_WithoutAJsonContentType_AnswersAProblem()
    {
        using var content = new StringContent("""{"filename":"x.txt"}""", Encoding.UTF8, "text/plain");

        using var response = await Alice.Http.PostAsync("/api/uploads/file", content);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Chunk_WithoutAFormContentType_Answers400Problem()
    {
        var id = await Alice.CreateFileUploadAsync(UniqueName("form", ".txt"));

        using var response = await Alice.SendRawChunkAsync(id, Utf8("raw bytes"), "application/octet-stream");

        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
        await NativeApiClient.AssertProblemAsync(response, response.StatusCode);
    }

    [TestCase("/api/accounts/@me")]
    [TestCase("/api@me")]
    [TestCase("/api/users/@me")]
    [TestCase("/api/users/@me/apiKeys")]
    [TestCase("/api/objects/roots")]
    [TestCase("/api/objects/search?cid=x")]
    public async Task NativeRoute_WithoutAKey_Answers401Problem(string path)
    {
        using var response = await Anonymous.GetAsync(path);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task NativeRoute_WithAnOtherAuthProvider_Answers401Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts/@me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Server.AliceKey);
        request.Headers.Add("X-Auth-Provider", "google");
        using var anonymous = new HttpClient { BaseAddress = Server.BaseAddress };

        using var response = await anonymous.SendAsync(request);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
