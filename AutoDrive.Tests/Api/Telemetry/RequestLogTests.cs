using System.Net;
using System.Net.Http.Headers;
using Amazon.S3.Model;
using AutoDrive.Api.Telemetry;
using AutoDrive.Tests.TestSupport;
using Npgsql;

namespace AutoDrive.Tests.Api.Telemetry;

/// <summary>
/// The request log as a gateway writes it (captured in the test host by a logger provider): exactly one line per
/// request, named by the request id its response carried (<c>x-amz-request-id</c> on S3, <c>X-Request-Id</c> on the
/// native API), with the operation, the user's id, the status and the body bytes; and nothing in any record written
/// while serving requests holds an API key, a bucket name or an object key.
/// </summary>
[NonParallelizable]
public class RequestLogTests
{
    private const string MiddlewareCategory = "AutoDrive.Api.Telemetry.RequestTelemetryMiddleware";

    [Test]
    public async Task Requests_OnS3AndNative_LogOneLinePerRequestIdWithoutSecretsOrKeys()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await AutoDriveServer.StartAsync(new GatewaySetup { LoggerProvider = logs }, CancellationToken.None);
        logs.Clear();
        var bucket = SharedServer.UniqueBucket("log");
        var key = "private/" + Guid.NewGuid().ToString("N") + "/report.txt";
        var body = "a body of twenty-six bytes"u8.ToArray();

        var sent = new List<(string Id, string Api, string Operation, int Status, long BytesIn)>();
        using var s3 = S3Clients.Sdk(server, server.AliceKey);
        var created = await s3.PutBucketAsync(bucket);
        sent.Add((created.ResponseMetadata.RequestId, "s3", "CreateBucket", 200, 0));
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body), UseChunkEncoding = false });
        sent.Add((put.ResponseMetadata.RequestId, "s3", "PutObject", 200, body.Length));

        // A refused request and a missing object: errors are logged once too, with their status.
        using var raw = S3Clients.Raw(server, server.AliceKey);
        using (var missing = await raw.GetAsync($"/s3/{bucket}/{key}.missing"))
        {
            sent.Add((Single(missing, "x-amz-request-id"), "s3", "GetObject", 404, 0));
        }

        using (var anonymous = await S3Clients.Raw(server, apiKey: null).GetAsync($"/s3/{bucket}/{key}"))
        {
            sent.Add((Single(anonymous, "x-amz-request-id"), "s3", "GetObject", (int)anonymous.StatusCode, 0));
        }

        using var native = NativeApiClient.For(server, server.AliceKey);
        using (var me = await native.GetAsync("/api/accounts/@me"))
        {
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            sent.Add((Single(me, RequestId.Header), "native", "GET api/accounts/@me", 200, 0));
        }

        using (var refused = new HttpClient { BaseAddress = server.BaseAddress })
        {
            refused.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-" + server.BobKey);
            using var answer = await refused.GetAsync("/api/accounts/@me");
            sent.Add((Single(answer, RequestId.Header), "native", "GET api/accounts/@me", 401, 0));
        }

        var aliceId = await UserIdAsync(server, "alice");
        var lines = logs.Records.Where(r => r.Category == MiddlewareCategory).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Id), Is.Unique.And.All.Match("^[0-9A-F]{16}$"));
            foreach (var request in sent)
            {
                var mine = lines.Where(l => Equals(l.Values["RequestId"], request.Id)).ToList();
                Assert.That(mine, Has.Count.EqualTo(1), $"log lines of request {request.Id} ({request.Operation})");
                if (mine.Count != 1)
                {
                    continue;
                }

                var line = mine[0];
                Assert.That(line.Values["Api"], Is.EqualTo(request.Api), request.Id);
                Assert.That(line.Values["Operation"], Is.EqualTo(request.Operation), request.Id);
                Assert.That(line.Values["Status"], Is.EqualTo(request.Status), request.Id);
                Assert.That(line.Values["BytesIn"], Is.EqualTo(request.BytesIn), request.Id);
                Assert.That(line.Message, Does.StartWith(request.Id + " " + request.Api + " " + request.Operation + " user="));
                Assert.That(line.Message, Does.Not.Contain("\n"));
            }

            // The user: alice's id where she authenticated, "-" where nobody did.
            var byId = lines.ToDictionary(l => (string)l.Values["RequestId"]!);
            Assert.That(byId[sent[0].Id].Values["UserId"], Is.EqualTo(aliceId.ToString()));
            Assert.That(byId[sent[4].Id].Values["UserId"], Is.EqualTo(aliceId.ToString()));
            Assert.That(byId[sent[5].Id].Values["UserId"], Is.EqualTo("-"));
            Assert.That(byId[sent[1].Id].Values["BytesOut"], Is.EqualTo(0L));
            Assert.That((long)byId[sent[2].Id].Values["BytesOut"]!, Is.GreaterThan(0), "the 404's XML error body");

            // Nothing logged while serving: no key of any user, no bucket, no object key (nor a part of it).
            foreach (var record in logs.Records)
            {
                var text = record.AllText;
                foreach (var secret in new[] { server.AliceKey, server.BobKey, bucket, key, key.Split('/')[1] })
                {
                    Assert.That(text, Does.Not.Contain(secret), $"{record.Category}: {record.Message}");
                }
            }
        });
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.Single() : throw new AssertionException($"no {header} on a {(int)response.StatusCode}");

    private static async Task<Guid> UserIdAsync(AutoDriveServer server, string name)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM users WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
