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
        await ClientScript.AssertPassesAsync(scheme, "python3", ClientScript.ScriptPath("boto3_objects.py"));
    }

    [TestCase("http")]
    [TestCase("https")]
    public async Task AwsCli_ObjectRoundTrip_Passes(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "bash", ClientScript.ScriptPath("awscli_objects.sh"));
    }

    [TestCase("http")]
    [TestCase("https")]
    public async Task JsSdk_ObjectRoundTrip_Passes(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "node", ClientScript.JsScript("objects.mjs"));
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

        await ClientScript.AssertPassesAsync(scheme, environment, "bash", ClientScript.ScriptPath("rclone_objects.sh"));
    }
}
