using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Fuzz;

/// <summary>
/// Thousands of malformed requests from one seed (printed; set <c>AUTODRIVE_FUZZ_SEED</c> to replay a run), sent over
/// raw sockets to the S3 and native routes of the shared server (docs/s3-wire.md, hostile input). What must hold for
/// every answer: never a 5xx other than 501, never a connection closed or left hanging without an answer, every
/// header byte printable ASCII, every XML body well-formed (never cut off), no external entity ever resolved. Between
/// batches the server must be alive (health and a known object). Afterwards every object whose PUT was accepted reads
/// back with GET and HEAD: its bytes (or, where the fuzzing left them ambiguous, bytes whose MD5 is the ETag).
/// </summary>
public partial class HostileInputFuzzTests
{
    private const int DefaultSeed = 20261208;
    private const int RequestCount = 3000;
    private const int BatchSize = 250;
    private const int UploadCount = 3;
    private const int Lanes = 4;
    private static readonly byte[] GoodContent = "the good object"u8.ToArray();

    private AutoDriveServer _server = null!;
    private NativeTestUser _user = null!;
    private RawHttpClient _raw = null!;
    private string _bucket = null!;
    private string _xxeSecret = null!;
    private string _xxeFile = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _user = await NativeTestUser.CreateAsync(_server, prefix: "fuzz");
        _raw = new RawHttpClient(_server.BaseAddress, TimeSpan.FromSeconds(30));
        _bucket = SharedServer.UniqueBucket("fuzz");
        _xxeSecret = $"xxe-secret-{Guid.NewGuid():N}";
        _xxeFile = Path.Combine(Path.GetTempPath(), $"autodrive-fuzz-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(_xxeFile, _xxeSecret);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _user.Dispose();
        File.Delete(_xxeFile);
    }

    [Test]
    public async Task HostileRequests_NeverA500_ServerStaysUp_AcceptedObjectsReadBack()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AUTODRIVE_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : DefaultSeed;
        await TestContext.Progress.WriteLineAsync($"HostileInputFuzzTests: seed {seed} (AUTODRIVE_FUZZ_SEED={seed} replays this run), {RequestCount} requests");
        var requests = new HostileRequests(seed, _user.Key, _bucket, new Uri(_xxeFile).AbsoluteUri);
        var failures = new List<string>();
        await SetUpTargetsAsync(requests);

        // Generated first (the seed alone decides them), then sent in batches, a few at a time, the server's health
        // checked between batches; the answers are checked in the order of the requests.
        var generated = Enumerable.Range(0, RequestCount).Select(_ => requests.Next()).ToList();
        var answers = new RawHttpResponse[generated.Count];
        for (var start = 0; start < generated.Count; start += BatchSize)
        {
            await Parallel.ForAsync(
                start, Math.Min(start + BatchSize, generated.Count), new ParallelOptions { MaxDegreeOfParallelism = Lanes },
                async (i, _) => answers[i] = await SendAsync(generated[i]));
            await AssertAliveAsync(start + BatchSize);
        }

        var accepted = new List<FuzzRequest>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < generated.Count; i++)
        {
            Check(generated[i], answers[i], failures);
            if (answers[i].Status is { } status)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            if (generated[i].IsObjectWrite && answers[i].Status is >= 200 and < 300)
            {
                accepted.Add(generated[i]);
            }
        }

        var readBacks = new List<string>[accepted.Count];
        await Parallel.ForAsync(0, accepted.Count, new ParallelOptions { MaxDegreeOfParallelism = Lanes }, async (i, _) =>
        {
            readBacks[i] = [];
            await CheckReadsBackAsync(accepted[i], readBacks[i]);
        });
        failures.AddRange(readBacks.SelectMany(f => f));

        await TestContext.Progress.WriteLineAsync(
            $"HostileInputFuzzTests: statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; {accepted.Count} objects accepted and read back");
        Assert.That(failures, Is.Empty, $"seed {seed}: {failures.Count} failures, the first ones:\n" + string.Join("\n", failures.Take(25)));
        Assert.That(accepted, Has.Count.GreaterThan(100), "the run must store objects to read back, or it proves nothing about them");
    }

    /// <summary>The bucket, a known object, and real multipart uploads (so hostile Complete bodies are read).</summary>
    private async Task SetUpTargetsAsync(HostileRequests requests)
    {
        Assert.That((await SendAsync(Plain("PUT", $"/s3/{_bucket}", []))).Status, Is.EqualTo(200));
        var good = Plain("PUT", $"/s3/{_bucket}/fz0-good", GoodContent);
        Assert.That((await SendAsync(good)).Status, Is.EqualTo(200));
        requests.Objects.Add(good.Target);
        for (var i = 0; i < UploadCount; i++)
        {
            var initiated = await SendAsync(Plain("POST", $"/s3/{_bucket}/upload-{i}?uploads", []));
            Assert.That(initiated.Status, Is.EqualTo(200));
            requests.UploadIds.Add(UploadIdPattern().Match(initiated.BodyText).Groups[1].Value);
        }
    }

    private void Check(FuzzRequest request, RawHttpResponse response, List<string> failures)
    {
        if (response.Status is not { } status)
        {
            failures.Add((response.TimedOut ? "no answer in time: " : "connection closed without an answer: ") + request.Describe());
            return;
        }

        if (status >= 500 && status != (int)HttpStatusCode.NotImplemented)
        {
            failures.Add($"{status}: {request.Describe()} → {Truncate(response.BodyText)}");
        }

        if (!response.HeadersArePrintableAscii())
        {
            failures.Add($"a header that is not printable ASCII: {request.Describe()} → {Encoding.Latin1.GetString(response.HeaderBytes)}");
        }

        if ((response.Header("content-type") ?? string.Empty).Contains("xml", StringComparison.Ordinal) && response.Body.Length > 0
            && WellFormedXmlError(response.Body) is { } error)
        {
            failures.Add($"XML that does not parse ({error}): {request.Describe()} → {Truncate(response.BodyText)}");
        }

        if (response.BodyText.Contains(_xxeSecret, StringComparison.Ordinal))
        {
            failures.Add($"an external entity was resolved: {request.Describe()}");
        }
    }

    /// <summary>An accepted PUT reads back: GET 200 with its bytes (or bytes matching its ETag), HEAD 200 with its length.</summary>
    private async Task CheckReadsBackAsync(FuzzRequest write, List<string> failures)
    {
        var get = await SendAsync(write with { Method = "GET", Headers = [Bearer()], Body = [] });
        var head = await SendAsync(write with { Method = "HEAD", Headers = [Bearer()], Body = [] });
        Check(write with { Category = "read-back GET" }, get, failures);
        Check(write with { Category = "read-back HEAD" }, head, failures);
        if (get.Status != 200 || head.Status != 200)
        {
            failures.Add($"accepted, then GET {get.Status} / HEAD {head.Status}: {write.Describe()}");
            return;
        }

        var etag = get.Header("etag")?.Trim('"');
        var intact = write.ExpectedContent is { } expected
            ? get.Body.AsSpan().SequenceEqual(expected)
            : string.Equals(etag, Convert.ToHexStringLower(MD5.HashData(get.Body)), StringComparison.Ordinal);
        if (!intact)
        {
            failures.Add($"accepted, then read back other bytes ({get.Body.Length} bytes, ETag {etag}): {write.Describe()}");
        }

        if (head.Header("content-length") != get.Body.Length.ToString(CultureInfo.InvariantCulture) || head.Header("etag") != get.Header("etag"))
        {
            failures.Add($"HEAD disagrees with GET (length {head.Header("content-length")} vs {get.Body.Length}): {write.Describe()}");
        }
    }

    /// <summary>The server answers its health check and serves the known object, between batches.</summary>
    private async Task AssertAliveAsync(int sent)
    {
        var live = await _raw.SendAsync("GET", "/health/live"u8.ToArray(), [], [], CancellationToken.None);
        var good = await SendAsync(Plain("GET", $"/s3/{_bucket}/fz0-good", []));
        Assert.That(live.Status, Is.EqualTo(200), $"/health/live after {sent} requests");
        Assert.That(good.Status, Is.EqualTo(200), $"the known object after {sent} requests");
        Assert.That(good.Body, Is.EqualTo(GoodContent), $"the known object's bytes after {sent} requests");
    }

    private Task<RawHttpResponse> SendAsync(FuzzRequest request) =>
        _raw.SendAsync(request.Method, request.Target, request.Headers, request.Body, CancellationToken.None);

    private FuzzRequest Plain(string method, string target, byte[] body) =>
        new("setup", method, Encoding.ASCII.GetBytes(target), [Bearer()], body);

    private (byte[], byte[]) Bearer() => ("Authorization"u8.ToArray(), Encoding.ASCII.GetBytes($"Bearer {_user.Key}"));

    /// <summary>Null when the bytes are a well-formed XML document (DTDs refused, as a client should), else why not.</summary>
    private static string? WellFormedXmlError(byte[] body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (reader.Read())
            {
            }

            return null;
        }
        catch (XmlException e)
        {
            return e.Message;
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex("<UploadId>([^<]+)</UploadId>")]
    private static partial Regex UploadIdPattern();
}
