using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>
/// Real S3 clients with their default settings, as separate processes, against the started server, over plain HTTP
/// and over HTTPS (the server's self-signed certificate trusted explicitly, never with verification off).
/// </summary>
[NonParallelizable]
public class RealClientTests
{
    [TestCase("http")]
    [TestCase("https")]
    public async Task Boto3_ObjectRoundTrip_Passes(string scheme)
    {
        await AssertScriptPassesAsync(scheme, "python3", ClientScript.ScriptPath("boto3_objects.py"));
    }

    [TestCase("http")]
    [TestCase("https")]
    public async Task AwsCli_ObjectRoundTrip_Passes(string scheme)
    {
        await AssertScriptPassesAsync(scheme, "bash", ClientScript.ScriptPath("awscli_objects.sh"));
    }

    [TestCase("http")]
    [TestCase("https")]
    public async Task JsSdk_ObjectRoundTrip_Passes(string scheme)
    {
        var directory = ClientScript.JsDirectory;
        Assert.That(
            Directory.Exists(Path.Combine(directory, "node_modules", "@aws-sdk", "client-s3")),
            Is.True,
            $"The JS SDK is not installed: run `npm ci` in {directory} (test.sh does so when node_modules is missing).");

        await AssertScriptPassesAsync(scheme, "node", Path.Combine(directory, "objects.mjs"));
    }

    /// <summary>
    /// rclone copyto creates the bucket first (PUT /bucket): this test needs CreateBucket on the server. The steps
    /// that list a bucket (plain <c>rclone cat</c> of a file path, which rclone 1.60 finds by listing its directory,
    /// and <c>rclone check</c>) run with RCLONE_CHECK=1.
    /// </summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task Rclone_ObjectRoundTrip_Passes(string scheme)
    {
        var environment = new Dictionary<string, string> { ["RCLONE_CHECK"] = "1" };

        await AssertScriptPassesAsync(scheme, environment, "bash", ClientScript.ScriptPath("rclone_objects.sh"));
    }

    private static Task AssertScriptPassesAsync(string scheme, string fileName, params string[] arguments) =>
        AssertScriptPassesAsync(scheme, new Dictionary<string, string>(), fileName, arguments);

    /// <summary>Runs the script against the shared server; its output goes to the test's output, pass or fail.</summary>
    private static async Task AssertScriptPassesAsync(
        string scheme, IReadOnlyDictionary<string, string> environment, string fileName, params string[] arguments)
    {
        var server = await SharedServer.GetAsync();

        var (exitCode, output) = await ClientScript.RunAsync(server, scheme, environment, fileName, arguments);

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.Zero, output);
    }
}
