using AutoDrive.Api.S3.Routing;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>
/// Big concurrent multipart uploads by real clients against a gateway of their own that counts its answers on the server
/// side (<see cref="ResponseCounter"/>): zero 5xx, whatever a client retried, and every expected UploadPart seen. boto3
/// with retries off and 32 parts in flight on one upload (five 200 MiB uploads); the AWS CLI with its defaults (500 MiB).
/// Over plain HTTP (the big transfers; the TLS path of the same code is covered by the smaller multipart tests). Data
/// lives in the test's temporary directory, deleted after.
/// </summary>
[NonParallelizable]
public class ConcurrentUploadClientTests
{
    private readonly ResponseCounter _responses = new();
    private AutoDriveServer _server = null!;
    private TemporaryDirectory _work = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await AutoDriveServer.StartAsync(GatewaySetup.Default with { Responses = _responses }, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _responses.Reset();
        _work = TemporaryDirectory.Create("autodrive-concurrent");
    }

    [TearDown]
    public void TearDown() => _work.Dispose();

    [Test]
    public async Task Boto3_RetriesOff_32Threads_FiveUploadsOf200MiB_NoServerError()
    {
        await RunAsync("python3", ClientScript.ScriptPath("boto3_concurrent_parts.py"));

        Assert.That(_responses.ServerErrors, Is.Zero, _responses.Describe());
        Assert.That(_responses.Of(S3Operation.UploadPart, 200), Is.EqualTo(5 * 40), _responses.Describe());
        Assert.That(_responses.Of(S3Operation.CompleteMultipartUpload, 200), Is.EqualTo(5), _responses.Describe());
    }

    [Test]
    public async Task AwsCli_Defaults_CopyOf500MiB_NoServerError()
    {
        await RunAsync("bash", ClientScript.ScriptPath("awscli_large_copy.sh"));

        // 500 MiB in the CLI's default 8 MiB parts: 63 parts, each answered once (a retried part would show more).
        Assert.That(_responses.ServerErrors, Is.Zero, _responses.Describe());
        Assert.That(_responses.Of(S3Operation.UploadPart), Is.EqualTo(63), _responses.Describe());
        Assert.That(_responses.Of(S3Operation.UploadPart, 200), Is.EqualTo(63), _responses.Describe());
    }

    private async Task RunAsync(string program, string script)
    {
        var (exitCode, output) = await ClientScript.RunAsync(
            _server, "http", new Dictionary<string, string> { ["AUTODRIVE_WORK_DIR"] = _work.Path }, program, script);
        await TestContext.Out.WriteLineAsync(output);
        await TestContext.Out.WriteLineAsync("server answers: " + _responses.Describe());
        Assert.That(exitCode, Is.Zero, output);
    }
}
