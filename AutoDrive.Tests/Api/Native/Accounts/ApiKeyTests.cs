using System.Net;
using Amazon.S3;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Accounts;

/// <summary>
/// A user's own API keys (<c>/api/users/@me/apiKeys</c>): created with the secret shown once, listed masked, revoked so
/// that both APIs refuse the key from the next request on; another user's key id is not found.
/// </summary>
public class ApiKeyTests : NativeApiFixture
{
    [Test]
    public async Task Create_ShowsTheSecretOnce_AndListShowsTheKeyMasked()
    {
        using var user = await NewUserAsync();

        var created = await user.Api.PostJsonOkAsync("/api/users/@me/apiKeys/create", new { name = "laptop" });
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        var listed = (await user.Api.GetJsonAsync("/api/users/@me/apiKeys")).EnumerateArray().ToList();
        var entry = listed.Single(k => k.GetProperty("id").GetString() == id);
        using var withNewKey = NativeApiClient.For(Server, secret);

        Assert.That(created.GetProperty("name").GetString(), Is.EqualTo("laptop"));
        Assert.That(secret, Has.Length.GreaterThanOrEqualTo(32));
        Assert.That(listed, Has.Count.EqualTo(2));
        Assert.That(listed.Select(k => k.TryGetProperty("secret", out _)), Is.All.False);
        Assert.That(entry.GetProperty("name").GetString(), Is.EqualTo("laptop"));
        Assert.That(entry.GetProperty("maskedSecret").GetString(), Is.EqualTo($"{secret[..4]}…{secret[^4..]}"));
        Assert.That(await withNewKey.PublicIdAsync(), Is.EqualTo(user.PublicId));
    }

    [Test]
    public async Task Revoke_RefusesTheKeyOnBothApisFromTheNextRequest()
    {
        using var user = await NewUserAsync();
        var created = await user.Api.PostJsonOkAsync("/api/users/@me/apiKeys/create", new { name = "to revoke" });
        var secret = created.GetProperty("secret").GetString()!;
        using var native = NativeApiClient.For(Server, secret);
        using var s3 = S3Clients.Sdk(Server, secret);
        Assert.That(await native.PublicIdAsync(), Is.EqualTo(user.PublicId));
        await s3.ListBucketsAsync();

        using var revoked = await user.Api.DeleteAsync($"/api/users/@me/apiKeys/{created.GetProperty("id").GetString()}");
        var body = await NativeApiClient.ReadOkJsonAsync(revoked);
        using var refused = await native.GetAsync("/api/accounts/@me");
        var error = await Assert.CatchAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());

        Assert.That(body.EnumerateObject(), Is.Empty);
        await NativeApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ErrorCode, Is.EqualTo("InvalidAccessKeyId"));
        Assert.That(await user.Api.PublicIdAsync(), Is.EqualTo(user.PublicId));
        Assert.That((await user.Api.GetJsonAsync("/api/users/@me/apiKeys")).GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Revoke_OfAnotherUsersKey_Answers404AndTheKeyStillWorks()
    {
        using var owner = await NewUserAsync();
        using var other = await NewUserAsync();
        var created = await owner.Api.PostJsonOkAsync("/api/users/@me/apiKeys/create", new { name = "mine" });

        using var response = await other.Api.DeleteAsync($"/api/users/@me/apiKeys/{created.GetProperty("id").GetString()}");
        using var stillWorks = NativeApiClient.For(Server, created.GetProperty("secret").GetString());

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(await stillWorks.PublicIdAsync(), Is.EqualTo(owner.PublicId));
    }

    [Test]
    public async Task Create_WithAnExpiryInThePast_Answers400()
    {
        using var response = await Alice.PostJsonAsync("/api/users/@me/apiKeys/create", new { name = "stale", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Revoke_OfAnUnknownKeyId_Answers404()
    {
        using var response = await Alice.DeleteAsync($"/api/users/@me/apiKeys/{Guid.NewGuid()}");

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
