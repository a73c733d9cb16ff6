using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>
/// The official Auto Drive SDK (js/cross-api.mjs) and boto3 (Clients/boto3_cross_api.py) on the same objects and keys,
/// as separate processes taking turns, over plain HTTP and over HTTPS: each step hands what it made to the next in a
/// JSON file (<c>AUTODRIVE_CROSS_STATE</c>). The scripts say what each step checks.
/// </summary>
[NonParallelizable]
public class CrossApiTests
{
    /// <summary>
    /// SDK uploads → boto3 lists and reads them in bucket <c>default</c> (ETag, x-amz-meta-cid); boto3 put_object → the
    /// SDK finds it by name and CID and downloads it; the same bytes and name from alice (SDK) and bob (boto3) → one CID
    /// both read; carol sees none of it through either API.
    /// </summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task SdkAndBoto3_SameObjects_OneCidReadableByItsOwnersOnlyThroughEitherApi(string scheme)
    {
        using var state = TemporaryDirectory.Create("cross-api");
        var environment = StateIn(state);

        await ClientScript.AssertPassesAsync(scheme, environment, "node", SdkScript(), "sdk-upload");
        await ClientScript.AssertPassesAsync(scheme, environment, "python3", Boto3Script(), "objects");
        await ClientScript.AssertPassesAsync(scheme, environment, "node", SdkScript(), "sdk-check");
    }

    /// <summary>
    /// A key created through the native API works with the SDK and boto3, is listed masked, and once revoked is
    /// refused by both (boto3: 403 InvalidAccessKeyId; SDK: 401).
    /// </summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task ApiKey_CreatedThenRevoked_WorksThenIsRefusedBySdkAndBoto3(string scheme)
    {
        using var state = TemporaryDirectory.Create("cross-api-key");
        var environment = StateIn(state);

        await ClientScript.AssertPassesAsync(scheme, environment, "node", SdkScript(), "key-create");
        await ClientScript.AssertPassesAsync(scheme, environment, "python3", Boto3Script(), "key");
        await ClientScript.AssertPassesAsync(scheme, environment, "node", SdkScript(), "key-revoked");
    }

    private static Dictionary<string, string> StateIn(TemporaryDirectory directory) =>
        new() { ["AUTODRIVE_CROSS_STATE"] = Path.Combine(directory.Path, "state.json") };

    private static string SdkScript() => ClientScript.JsScript("cross-api.mjs", "@autonomys/auto-drive");

    private static string Boto3Script() => ClientScript.ScriptPath("boto3_cross_api.py");
}
