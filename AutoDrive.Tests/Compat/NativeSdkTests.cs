namespace AutoDrive.Tests.Compat;

/// <summary>
/// The official Auto Drive SDK (<c>@autonomys/auto-drive</c> 1.6.10, npm) against the native API, as a separate
/// process, over plain HTTP and over HTTPS (the server's certificate trusted explicitly): uploads with and without
/// compression and with a password, their CIDs against the reference implementation, downloads, lists, searches,
/// metadata, the account, sharing, publishing, the trash and a folder upload (js/native-sdk.mjs says what it checks).
/// </summary>
[NonParallelizable]
public class NativeSdkTests
{
    [TestCase("http")]
    [TestCase("https")]
    public async Task AutoDriveSdk_EveryUserFacingCall_BehavesAsAgainstAutoDrive(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "node", ClientScript.JsScript("native-sdk.mjs", "@autonomys/auto-drive"));
    }
}
