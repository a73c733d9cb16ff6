using System.Net;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Objects;

/// <summary><c>GET /api/objects/roots?scope=user&amp;limit&amp;offset</c>: pages of the caller's roots with their total count.</summary>
public class RootsPagingTests : NativeApiFixture
{
    [Test]
    public async Task Roots_WithLimitAndOffset_AnswersPagesThatCoverEveryRootOnce()
    {
        using var user = await NewUserAsync();
        var cids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            cids.Add(await user.Api.UploadFileAsync(UniqueName($"page{i}", ".txt"), RandomBytes(10 + i)));
        }

        var first = await user.Api.GetJsonAsync("/api/objects/roots?scope=user&limit=2&offset=0");
        var second = await user.Api.GetJsonAsync("/api/objects/roots?scope=user&limit=2&offset=2");
        var last = await user.Api.GetJsonAsync("/api/objects/roots?scope=user&limit=2&offset=4");
        var beyond = await user.Api.GetJsonAsync("/api/objects/roots?scope=user&limit=2&offset=6");
        var rows = new[] { first, second, last }
            .SelectMany(p => p.GetProperty("rows").EnumerateArray())
            .Select(r => r.GetProperty("headCid").GetString())
            .ToList();

        Assert.That(first.GetProperty("rows").GetArrayLength(), Is.EqualTo(2));
        Assert.That(second.GetProperty("rows").GetArrayLength(), Is.EqualTo(2));
        Assert.That(last.GetProperty("rows").GetArrayLength(), Is.EqualTo(1));
        Assert.That(beyond.GetProperty("rows").GetArrayLength(), Is.Zero);
        Assert.That(new[] { first, second, last, beyond }.Select(p => p.GetProperty("totalCount").GetInt64()), Is.All.EqualTo(5));
        Assert.That(rows, Is.EquivalentTo(cids));
    }

    [TestCase("limit=-1")]
    [TestCase("offset=-1")]
    [TestCase("limit=abc")]
    [TestCase("scope=everyone")]
    public async Task Roots_WithABadQuery_Answers400(string query)
    {
        using var response = await Alice.GetAsync($"/api/objects/roots?{query}");

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Roots_InScopeGlobal_ListPublishedObjectsOnly()
    {
        using var user = await NewUserAsync();
        var hidden = await user.Api.UploadFileAsync(UniqueName("unlisted", ".txt"), RandomBytes(20));
        var shown = await user.Api.UploadFileAsync(UniqueName("listed", ".txt"), RandomBytes(20));
        using var publish = await user.Api.PostAsync($"/api/objects/{shown}/publish");
        await NativeApiClient.AssertStatusAsync(publish, HttpStatusCode.OK);

        var global = await Carol.RootCidsAsync("/api/objects/roots?scope=global&limit=1000");

        Assert.That(global, Does.Contain(shown));
        Assert.That(global, Does.Not.Contain(hidden));
    }
}
