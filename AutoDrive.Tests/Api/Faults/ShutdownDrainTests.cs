using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Faults;

/// <summary>
/// SIGTERM drains, on the built server run as a process: an upload in flight (its body sent in two pieces, the second
/// held back by the test until the stop has begun) is finished and acknowledged, new connections are refused meanwhile,
/// the embedded PostgreSQL is stopped once the requests are done, and the object reads back after a restart. An upload
/// still unfinished when the shutdown timeout ends is cut, and not recorded.
/// </summary>
[NonParallelizable]
public class ShutdownDrainTests
{
    private const int MiB = 1024 * 1024;

    [Test]
    public async Task Sigterm_DuringASlowUpload_FinishesIt_RefusesNewConnections_ThenStopsPostgres_AndTheObjectSurvivesARestart()
    {
        using var data = TemporaryDirectory.Create("autodrive-drain");
        var setup = new FaultGateway(data.Path, connectionString: null, TimeSpan.FromSeconds(60));
        var body = TestBytes.Random(3 * MiB, 7);
        string etag;
        await using (var gateway = setup.Start())
        {
            var root = await gateway.WaitForListeningAsync();
            using var s3 = setup.Sdk(root);
            await s3.PutBucketAsync("drain");
            using var http = setup.Raw(root);
            var content = new GatedContent(body, 2 * MiB);
            var upload = http.PutAsync("/s3/drain/slow.bin", content);
            await setup.WaitForTempFilesAsync(1, MiB);

            gateway.Terminate();
            await gateway.WaitForOutputAsync("Application is shutting down");
            await WaitUntilRefusedAsync(root);
            Assert.That(upload.IsCompleted, Is.False, "the upload is still waiting for the rest of its body");

            content.Release();
            using var response = await upload;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            etag = response.Headers.ETag!.Tag;

            Assert.That(await gateway.WaitForExitAsync(), Is.Zero, gateway.Output);
            var output = gateway.Output;
            var shuttingDown = output.IndexOf("Application is shutting down", StringComparison.Ordinal);
            var postgres = output.IndexOf("PostgreSQL on", shuttingDown, StringComparison.Ordinal);
            var stopped = postgres < 0 ? -1 : output.IndexOf("stopped", postgres, StringComparison.Ordinal);
            Assert.That(stopped, Is.GreaterThan(shuttingDown), $"the embedded PostgreSQL is stopped after the drain. Output:\n{output}");
        }

        await using (var again = setup.Start())
        {
            var root = await again.WaitForListeningAsync();
            using var s3 = setup.Sdk(root);
            using var read = await s3.GetObjectAsync("drain", "slow.bin");
            Assert.That(read.ETag, Is.EqualTo(etag));
            Assert.That(await TestBytes.ReadAllAsync(read.ResponseStream), Is.EqualTo(body));
            again.Terminate();
            Assert.That(await again.WaitForExitAsync(), Is.Zero, again.Output);
        }
    }

    [Test]
    public async Task Sigterm_WhenAnUploadOutlastsTheShutdownTimeout_CutsIt_AndRecordsNothing()
    {
        using var data = TemporaryDirectory.Create("autodrive-drain-cut");
        var setup = new FaultGateway(data.Path, await TestRun.CreateDatabaseAsync(), TimeSpan.FromSeconds(2));
        var content = new GatedContent(TestBytes.Random(3 * MiB, 8), 2 * MiB);
        await using (var gateway = setup.Start())
        {
            var root = await gateway.WaitForListeningAsync();
            using var s3 = setup.Sdk(root);
            await s3.PutBucketAsync("cut");
            using var http = setup.Raw(root);
            var upload = http.PutAsync("/s3/cut/never.bin", content);
            await setup.WaitForTempFilesAsync(1, MiB);

            gateway.Terminate();
            await gateway.WaitForExitAsync();
            content.Release();

            // Never a false 200: the connection was cut (or, at most, an error status).
            HttpResponseMessage? response = null;
            try
            {
                response = await upload;
            }
            catch (HttpRequestException)
            {
            }

            Assert.That(response is null || !response.IsSuccessStatusCode, Is.True, $"answered {response?.StatusCode}");
            response?.Dispose();
        }

        await using (var again = setup.Start())
        {
            var root = await again.WaitForListeningAsync();
            using var s3 = setup.Sdk(root);
            var head = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync("cut", "never.bin"));
            Assert.That(head!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(StoreTempFiles.In(setup.Store), Is.Empty, "the cut upload's temporary file is gone");
        }
    }

    /// <summary>Connects until the listener is gone (a bounded number of attempts: a hang guard).</summary>
    private static async Task WaitUntilRefusedAsync(Uri root)
    {
        for (var attempt = 0; attempt < 2400; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(root.Host, root.Port);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("The stopping server kept accepting new connections.");
    }
}
