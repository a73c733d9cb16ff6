namespace AutoDrive.Tests.Compat;

/// <summary>
/// The wire items of issue 3 (docs/s3-wire.md, objects and errors: ranges and conditionals, content headers and metadata, buckets,
/// copies and refusals, errors) through real S3 clients with their default settings, as separate processes, against
/// the started server, over plain HTTP and over HTTPS (the server's self-signed certificate trusted explicitly, never
/// with verification off). Each script lists what it checks in its header; AWSSDK.S3 covers the same items in
/// Api/S3 (CopyObjectTests, BucketTests, ObjectWireTests, over both schemes).
/// </summary>
[NonParallelizable]
public class RealClientWireTests
{
    /// <summary>boto3: items 2-5; every response is checked for x-amz-request-id and the absence of x-amz-version-id.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task Boto3_WireItems_Pass(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "python3", ClientScript.ScriptPath("boto3_wire.py"), "Boto3WireTests");
    }

    /// <summary>A range that starts at or past the end is 416 InvalidRange with <c>Content-Range: bytes */size</c>.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task Boto3_GetObjectWithARangePastTheEnd_Answers416WithContentRangeOfTheSize(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "python3", ClientScript.ScriptPath("boto3_wire.py"), "Boto3WireRangeTests");
    }

    /// <summary>AWS CLI: s3api put-object/head-object/get-object (range, if-match)/copy-object/buckets/delete-object, s3 cp.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task AwsCli_WireItems_Pass(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "bash", ClientScript.ScriptPath("awscli_wire.sh"));
    }

    /// <summary>JS SDK v3: items 2-5 with the SDK's commands; every response is checked as for boto3.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task JsSdk_WireItems_Pass(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "node", ClientScript.JsScript("wire.mjs"));
    }
}
