using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Api.Telemetry;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Telemetry;

/// <summary>
/// <c>/metrics</c> scraped after a few S3 and native requests, on the built server run as a process (so its meters see
/// only its own requests and every count is exact): the request counter by API, operation and status, the latency
/// histogram's buckets, the body bytes, the active multipart uploads gauge, the store's and the database's latency.
/// Its console (the single-line formatter of appsettings.json) holds exactly one request line per request id.
/// </summary>
[NonParallelizable]
public partial class MetricsEndpointTests
{
    /// <summary>A hang guard for the log lines to reach the collected output, not a measurement.</summary>
    private const int OutputPolls = 200;

    [Test]
    public async Task Metrics_AfterS3AndNativeRequests_CountThemByOperationAndStatus()
    {
        using var data = TemporaryDirectory.Create("autodrive-metrics");
        var apiKey = "ops-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await using var gateway = GatewayProcess.Start(await TestRun.CreateDatabaseAsync(), data.Path, new Dictionary<string, string?>
        {
            ["AutoDrive__Bootstrap__Users__0__Name"] = "ops",
            ["AutoDrive__Bootstrap__Users__0__ApiKey"] = apiKey,
        });
        var root = await gateway.WaitForListeningAsync();
        var bucket = SharedServer.UniqueBucket("metrics");
        var ids = new List<string>();

        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(apiKey, "any-secret"),
            new AmazonS3Config { ServiceURL = new Uri(root, "/s3").ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        ids.Add((await s3.PutBucketAsync(bucket)).ResponseMetadata.RequestId);
        var first = RandomNumberGenerator.GetBytes(1000);
        var second = RandomNumberGenerator.GetBytes(2345);
        foreach (var (key, bytes) in new[] { ("one.bin", first), ("two.bin", second) })
        {
            var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
            ids.Add(put.ResponseMetadata.RequestId);
        }

        using (var get = await s3.GetObjectAsync(bucket, "one.bin"))
        {
            await get.ResponseStream.CopyToAsync(Stream.Null);
            ids.Add(get.ResponseMetadata.RequestId);
        }

        var missing = await Assert.CatchAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "absent.bin"));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        ids.Add(missing.RequestId);

        var uploads = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var initiated = await s3.InitiateMultipartUploadAsync(bucket, $"multi-{i}.bin");
            uploads.Add(initiated.UploadId);
            ids.Add(initiated.ResponseMetadata.RequestId);
        }

        ids.Add((await s3.AbortMultipartUploadAsync(bucket, "multi-0.bin", uploads[0])).ResponseMetadata.RequestId);

        using var http = new HttpClient { BaseAddress = root };
        using (var me = new HttpRequestMessage(HttpMethod.Get, "/api/accounts/@me"))
        {
            me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            me.Headers.Add("X-Auth-Provider", "apikey");
            using var answer = await http.SendAsync(me);
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            ids.Add(answer.Headers.GetValues(RequestId.Header).Single());
        }

        using var scrape = await http.GetAsync("/metrics");
        Assert.That(scrape.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var text = await scrape.Content.ReadAsStringAsync();
        var samples = Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("# TYPE autodrive_requests_total counter"));
            Assert.That(text, Does.Contain("# TYPE autodrive_request_duration_seconds histogram"));
            Assert.That(text, Does.Contain("# TYPE autodrive_multipart_uploads_active gauge"));

            Assert.That(Value(samples, "autodrive_requests_total", S3("CreateBucket", 200)), Is.EqualTo(1));
            Assert.That(Value(samples, "autodrive_requests_total", S3("PutObject", 200)), Is.EqualTo(2));
            Assert.That(Value(samples, "autodrive_requests_total", S3("GetObject", 200)), Is.EqualTo(1));
            Assert.That(Value(samples, "autodrive_requests_total", S3("GetObject", 404)), Is.EqualTo(1));
            Assert.That(Value(samples, "autodrive_requests_total", S3("CreateMultipartUpload", 200)), Is.EqualTo(3));
            Assert.That(Value(samples, "autodrive_requests_total", S3("AbortMultipartUpload", 204)), Is.EqualTo(1));
            Assert.That(
                Value(samples, "autodrive_requests_total", [("api", "native"), ("operation", "GET api/accounts/@me"), ("status", "200")]),
                Is.EqualTo(1));

            Assert.That(Value(samples, "autodrive_request_body_size_bytes_total", S3("PutObject", 200)), Is.EqualTo(first.Length + second.Length));
            Assert.That(Value(samples, "autodrive_response_body_size_bytes_total", S3("GetObject", 200)), Is.EqualTo(first.Length));

            // The histogram: a count, a sum, and cumulative buckets up to +Inf holding every request.
            Assert.That(Value(samples, "autodrive_request_duration_seconds_count", S3("PutObject", 200)), Is.EqualTo(2));
            Assert.That(Value(samples, "autodrive_request_duration_seconds_sum", S3("PutObject", 200)), Is.GreaterThan(0));
            var buckets = samples
                .Where(s => s.Name == "autodrive_request_duration_seconds_bucket" && Matches(s, S3("PutObject", 200)))
                .ToList();
            Assert.That(buckets.Select(b => b.Labels["le"]), Does.Contain("0.001").And.Contain("1").And.Contain("+Inf"));
            Assert.That(buckets.Select(b => b.Value), Is.Ordered);
            Assert.That(buckets.Single(b => b.Labels["le"] == "+Inf").Value, Is.EqualTo(2));

            Assert.That(Value(samples, "autodrive_multipart_uploads_active", []), Is.EqualTo(2));
            Assert.That(
                Value(samples, "autodrive_store_duration_seconds_count", [("store", "local"), ("operation", "commit"), ("outcome", "ok")]),
                Is.EqualTo(2));
            Assert.That(
                Value(samples, "autodrive_store_duration_seconds_count", [("store", "local"), ("operation", "open_read"), ("outcome", "ok")]),
                Is.GreaterThanOrEqualTo(1));
            Assert.That(
                Value(samples, "db_client_operation_duration_seconds_count", [("db_client_connection_pool_name", "autodrive")]),
                Is.GreaterThan(0));
        });

        // The console: one request line per id, on one line, with neither the key nor the bucket.
        var lines = await RequestLinesAsync(gateway, ids[^1]);
        Assert.Multiple(() =>
        {
            foreach (var id in ids)
            {
                Assert.That(lines.Count(l => l.Contains(id, StringComparison.Ordinal)), Is.EqualTo(1), $"lines naming {id}:\n{string.Join('\n', lines)}");
            }

            Assert.That(lines, Has.Count.EqualTo(ids.Count), "one line per request; the scrape's is at Debug, not shown");
            Assert.That(lines, Has.None.Contain(apiKey).And.None.Contain(bucket).And.None.Contain("one.bin"));
            Assert.That(lines, Has.Some.Match(@"info: AutoDrive\.Api\.Telemetry\.RequestTelemetryMiddleware\[1\] [0-9A-F]{16} s3 PutObject user=[0-9a-f-]{36} status=200 in=1000 out=0 ms=\d+\.\d aborted=False$"));
        });
    }

    private static (string Key, string Value)[] S3(string operation, int status) =>
        [("api", "s3"), ("operation", operation), ("status", status.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The request lines of the console, once the one naming <paramref name="lastId"/> is there.</summary>
    private static async Task<List<string>> RequestLinesAsync(GatewayProcess gateway, string lastId)
    {
        for (var poll = 0; poll < OutputPolls && !gateway.Output.Contains(lastId, StringComparison.Ordinal); poll++)
        {
            await Task.Delay(50);
        }

        return [.. gateway.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains("RequestTelemetryMiddleware", StringComparison.Ordinal))];
    }

    private static double Value(List<Sample> samples, string name, (string Key, string Value)[] labels)
    {
        var found = samples.Where(s => s.Name == name && Matches(s, labels)).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"{name} {{{string.Join(',', labels.Select(l => l.Key + "=" + l.Value))}}}");
        return found.Count == 1 ? found[0].Value : double.NaN;
    }

    private static bool Matches(Sample sample, (string Key, string Value)[] labels) =>
        labels.All(l => sample.Labels.TryGetValue(l.Key, out var value) && value == l.Value);

    /// <summary>The samples of a Prometheus text exposition: <c>name{label="value",…} number</c> lines.</summary>
    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.That(match.Success, Is.True, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
