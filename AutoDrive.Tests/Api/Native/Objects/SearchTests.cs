using System.Net;
using System.Text.Json;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Objects;

/// <summary>
/// <c>GET /api/objects/search?cid=&lt;name fragment or CID&gt;&amp;scope=user|global</c>: <c>user</c> finds the caller's
/// own objects only; <c>global</c> finds published objects only, never another user's unpublished names or CIDs.
/// </summary>
public class SearchTests : NativeApiFixture
{
    [Test]
    public async Task Search_ByANameFragmentInScopeUser_FindsTheCallersObjectOnly()
    {
        var fragment = Guid.NewGuid().ToString("N")[..12];
        var cid = await Alice.UploadFileAsync($"report-{fragment}-q3.txt", Utf8("alice's report " + fragment));

        var alices = await SearchAsync(Alice, fragment.ToUpperInvariant(), "user");
        var bobs = await SearchAsync(Bob, fragment, "user");

        Assert.That(alices.Select(h => h.Cid), Is.EqualTo(new[] { cid }));
        Assert.That(alices.Single().Name, Is.EqualTo($"report-{fragment}-q3.txt"));
        Assert.That(bobs, Is.Empty);
    }

    [Test]
    public async Task Search_ByCidInScopeUser_FindsTheCallersObjectOnly()
    {
        var cid = await Alice.UploadFileAsync(UniqueName("by-cid", ".txt"), RandomBytes(64));

        var alices = await SearchAsync(Alice, cid, "user");
        var carols = await SearchAsync(Carol, cid, "user");

        Assert.That(alices.Select(h => h.Cid), Does.Contain(cid));
        Assert.That(carols, Is.Empty);
    }

    [Test]
    public async Task Search_InScopeGlobal_FindsOnlyPublishedObjects()
    {
        var fragment = Guid.NewGuid().ToString("N")[..12];
        var hidden = await Alice.UploadFileAsync($"hidden-{fragment}.txt", RandomBytes(40));
        var shown = await Alice.UploadFileAsync($"shown-{fragment}.txt", RandomBytes(40));
        using var publish = await Alice.PostAsync($"/api/objects/{shown}/publish");
        await NativeApiClient.AssertStatusAsync(publish, HttpStatusCode.OK);

        var byName = await SearchAsync(Bob, fragment, "global");
        var byHiddenCid = await SearchAsync(Bob, hidden, "global");
        var byShownCid = await SearchAsync(Carol, shown, "global");
        var ownByNameGlobal = await SearchAsync(Alice, fragment, "global");

        Assert.That(byName.Select(h => h.Cid), Is.EqualTo(new[] { shown }));
        Assert.That(byHiddenCid, Is.Empty);
        Assert.That(byShownCid.Select(h => h.Cid), Is.EqualTo(new[] { shown }));
        Assert.That(ownByNameGlobal.Select(h => h.Cid), Is.EqualTo(new[] { shown }));
        using var summary = await Carol.GetAsync($"/api/objects/{shown}/summary");
        await NativeApiClient.AssertStatusAsync(summary, HttpStatusCode.OK);
    }

    [Test]
    public async Task Search_WithALimit_AnswersAtMostThatMany()
    {
        using var user = await NewUserAsync();
        var fragment = Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 4; i++)
        {
            await user.Api.UploadFileAsync($"many-{fragment}-{i}.txt", RandomBytes(16));
        }

        var two = await SearchAsync(user.Api, fragment, "user", limit: 2);
        var all = await SearchAsync(user.Api, fragment, "user", limit: 10);

        Assert.That(two, Has.Count.EqualTo(2));
        Assert.That(all, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Search_WithoutText_Answers400()
    {
        using var response = await Alice.GetAsync("/api/objects/search?scope=user");

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static async Task<IReadOnlyList<(string Cid, string Name)>> SearchAsync(NativeApiClient client, string text, string scope, int? limit = null)
    {
        var query = $"/api/objects/search?cid={Uri.EscapeDataString(text)}&scope={scope}" + (limit is { } l ? $"&limit={l}" : string.Empty);
        var hits = await client.GetJsonAsync(query);
        Assert.That(hits.ValueKind, Is.EqualTo(JsonValueKind.Array));
        return hits.EnumerateArray().Select(h => (h.GetProperty("cid").GetString()!, h.GetProperty("name").GetString()!)).ToList();
    }
}
