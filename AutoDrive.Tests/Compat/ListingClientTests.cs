using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>
/// Listings through real clients (boto3, rclone, s3cmd) with their default settings, as separate processes. Over
/// plain HTTP: a listing's bytes do not depend on the transport, and the object tests cover both schemes.
/// </summary>
[NonParallelizable]
public class ListingClientTests
{
    [Test]
    public async Task Boto3_ListingDifferential_EveryPageEqualsTheModel()
    {
        var server = await SharedServer.GetAsync();

        var (exitCode, output) = await ClientScript.RunAsync(server, "http", "python3", ClientScript.ScriptPath("boto3_listing_diff.py"));

        await TestContext.Progress.WriteLineAsync(LastLines(output, 3));
        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public async Task RcloneAndS3cmd_DefaultListings_SeeEveryObject()
    {
        await ClientScript.AssertPassesAsync("http", "bash", ClientScript.ScriptPath("rclone_s3cmd_listing.sh"));
    }

    private static string LastLines(string output, int count) =>
        string.Join(Environment.NewLine, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count));
}
