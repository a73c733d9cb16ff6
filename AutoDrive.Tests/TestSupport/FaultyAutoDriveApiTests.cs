using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The fake Auto Drive API itself, driven over raw HTTP as the SDK drives the real one: tests that rely on it to
/// inject faults must first be able to rely on it serving correctly, and on each fault doing what it says.
/// </summary>
public class FaultyAutoDriveApiTests
{
    private FaultyAutoDriveApi _fake = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fake = await FaultyAutoDriveApi.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_fake.ApiEndpoint + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _fake.ApiKey);
        _http.DefaultRequestHeaders.Add("X-Auth-Provider", "apikey");
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task AnyRoute_WithoutTheKey_Answers401()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var other = new HttpRequestMessage(HttpMethod.Get, "accounts/@me");
        other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-" + _fake.ApiKey);

        using var none = await anonymous.GetAsync("accounts/@me");
        using var wrong = await anonymous.SendAsync(other);
        using var right = await _http.GetAsync("accounts/@me");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_fake.RequestsTo(FakeRoute.Account).Select(r => r.StatusCode), Is.EqualTo(new int?[] { 401, 401, 200 }));
        }

        var account = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(account.GetProperty("model").GetString(), Is.EqualTo("one_off"));
        Assert.That(account.GetProperty("uploadLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Upload_InChunksOutOfOrder_GetsTheLocalEngineCidAndServesRangesStatusAndMetadata()
    {
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        var options = new UploadOptions(new CompressionOptions(CompressionAlgorithm.Zlib, 9), null);
        var expected = new FileDagBuilder("f.bin", options);
        expected.Append(content);
        var dag = expected.Finish();

        var id = await CreateAsync("f.bin", new { compression = new { algorithm = "ZLIB", level = 9 } });
        await ChunkAsync(id, 1, content.AsMemory(100_000));
        await ChunkAsync(id, 0, content.AsMemory(0, 100_000));
        var cid = await CompleteAsync(id);

        Assert.That(cid, Is.EqualTo(dag.RootCid.Value));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"downloads/{cid}?ignoreEncoding=true");
        request.Headers.Range = new RangeHeaderValue(65_000, 65_099);
        using var ranged = await _http.SendAsync(request);
        var metadata = await _http.GetFromJsonAsync<JsonElement>($"objects/{cid}/metadata");
        var status = await _http.GetFromJsonAsync<JsonElement>($"objects/{cid}/status");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ranged.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(ranged.Content.Headers.ContentRange?.ToString(), Is.EqualTo("bytes 65000-65099/200000"));
            Assert.That(await ranged.Content.ReadAsByteArrayAsync(), Is.EqualTo(content.AsSpan(65_000, 100).ToArray()));
            Assert.That(_fake.RequestsTo(FakeRoute.Download).Single().BytesServed, Is.EqualTo(100));
            Assert.That(metadata.GetProperty("totalSize").GetInt64(), Is.EqualTo(200_000));
            Assert.That(
                metadata.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("cid").GetString()),
                Is.EqualTo(dag.ChunkCids.Select(c => c.Value)));
            Assert.That(metadata.GetProperty("uploadOptions").GetProperty("compression").GetProperty("level").GetInt32(), Is.EqualTo(9));
            Assert.That(status.GetProperty("totalNodes").GetInt64(), Is.EqualTo(dag.NodeCount));
            Assert.That(_fake.ContentOf(dag.RootCid), Is.EqualTo(content));
        }
    }

    [Test]
    public async Task Download_UnknownCid_Answers404()
    {
        using var response = await _http.GetAsync($"downloads/{TestCids.Of("never")}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Fail_TwiceOnARoute_FailsTheNextTwoRequestsOnlyAndLogsThem()
    {
        _fake.Fail(FakeRoute.Account, 1, Fault.Status(503));
        _fake.Fail(FakeRoute.Account, 1, Fault.TooManyRequests(3));

        using var first = await _http.GetAsync("accounts/@me");
        using var second = await _http.GetAsync("accounts/@me");
        using var third = await _http.GetAsync("accounts/@me");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(second.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_fake.Requests.Select(r => r.Fault?.Kind), Is.EqualTo(new FaultKind?[] { FaultKind.Status, FaultKind.TooManyRequests, null }));
        }
    }

    [Test]
    public async Task FailAlways_ThenClearFaults_ServesAgain()
    {
        _fake.FailAlways(FakeRoute.Account, Fault.Unauthorized);

        using var refused = await _http.GetAsync("accounts/@me");
        using var again = await _http.GetAsync("accounts/@me");
        _fake.ClearFaults();
        using var served = await _http.GetAsync("accounts/@me");

        Assert.That(
            new[] { refused.StatusCode, again.StatusCode, served.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK }));
    }

    [Test]
    public async Task ResetMidBody_OnAChunk_AbortsTheConnectionAndKeepsNothing()
    {
        var id = await CreateAsync("r.bin", null);
        _fake.Fail(FakeRoute.Chunk, 1, Fault.ResetMidBody);

        Assert.That(async () => await ChunkAsync(id, 0, new byte[300_000]), Throws.InstanceOf<HttpRequestException>());
        await ChunkAsync(id, 0, new byte[10]);

        Assert.That(await CompleteAsync(id), Is.EqualTo(Build("r.bin", new byte[10]).RootCid.Value));
        Assert.That(_fake.RequestsTo(FakeRoute.Chunk)[0].Aborted, Is.True);
    }

    [Test]
    public async Task TruncatedDownload_PromisesTheRangeAndEndsEarly()
    {
        var id = await CreateAsync("t.bin", null);
        await ChunkAsync(id, 0, new byte[200_000]);
        var cid = await CompleteAsync(id);
        _fake.Fail(FakeRoute.Download, 1, Fault.TruncatedDownload);

        using var response = await _http.GetAsync($"downloads/{cid}", HttpCompletionOption.ResponseHeadersRead);

        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(200_000));
        Assert.That(async () => await response.Content.ReadAsByteArrayAsync(), Throws.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>());
        Assert.That(_fake.RequestsTo(FakeRoute.Download).Single().BytesServed, Is.EqualTo(100_000));
    }

    [Test]
    public async Task WrongCid_AtComplete_AnswersAnotherValidCidAndStoresNothing()
    {
        var id = await CreateAsync("w.bin", null);
        await ChunkAsync(id, 0, new byte[1000]);
        _fake.Fail(FakeRoute.Complete, 1, Fault.WrongCid);

        var wrong = await CompleteAsync(id);

        Assert.That(Cid.IsValid(wrong), Is.True);
        Assert.That(wrong, Is.Not.EqualTo(Build("w.bin", new byte[1000]).RootCid.Value));
        Assert.That(_fake.StoredCids, Is.Empty);
        Assert.That(await CompleteAsync(id), Is.EqualTo(Build("w.bin", new byte[1000]).RootCid.Value));
    }

    [Test]
    public async Task Delay_HoldsTheRequestThenServes()
    {
        _fake.Fail(FakeRoute.Account, 1, Fault.Delay(TimeSpan.FromMilliseconds(200)));

        using var response = await _http.GetAsync("accounts/@me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_fake.Requests.Single().Fault?.Kind, Is.EqualTo(FaultKind.Delay));
    }

    [Test]
    public void Fail_FaultOfAnotherRoute_IsRefused()
    {
        Assert.That(() => _fake.Fail(FakeRoute.Chunk, 1, Fault.TruncatedDownload), Throws.ArgumentException);
        Assert.That(() => _fake.Fail(FakeRoute.Download, 1, Fault.WrongCid), Throws.ArgumentException);
    }

    private static FileDag Build(string name, byte[] content)
    {
        var builder = new FileDagBuilder(name, UploadOptions.None);
        builder.Append(content);
        return builder.Finish();
    }

    private async Task<string> CreateAsync(string filename, object? uploadOptions)
    {
        using var response = await _http.PostAsJsonAsync("uploads/file", new { filename, mimeType = "application/octet-stream", uploadOptions });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task ChunkAsync(string id, int index, ReadOnlyMemory<byte> bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ReadOnlyMemoryContent(bytes), "file", "chunk");
        form.Add(new StringContent(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), "index");
        using var response = await _http.PostAsync($"uploads/file/{id}/chunk", form);
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> CompleteAsync(string id)
    {
        using var response = await _http.PostAsync($"uploads/{id}/complete", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cid").GetString()!;
    }
}
