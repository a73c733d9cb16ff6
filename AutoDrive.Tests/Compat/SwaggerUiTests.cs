namespace AutoDrive.Tests.Compat;

/// <summary>
/// Swagger UI as an operator uses it, in Debian's Chromium driven headless by puppeteer-core (<c>js/swagger-ui.mjs</c>),
/// over plain HTTP and over HTTPS (where the browser trusts exactly the server's certificate, by its public key):
/// "Authorize" with alice's API key, then "Try it out" on a native route and on the S3 ListBuckets operation, and the
/// S3 operations' error description rendered as text. The screenshots the script takes are attached to the result and
/// kept under <c>artifacts/test-results/screenshots/&lt;scheme&gt;</c>.
/// </summary>
[NonParallelizable]
public class SwaggerUiTests
{
    [TestCase("http")]
    [TestCase("https")]
    public async Task SwaggerUi_AuthorizedTryItOut_AnswersTheNativeAndS3Reads(string scheme)
    {
        if (FindOnPath("chromium") is not { } chromium)
        {
            Assert.Fail("chromium is not installed: this test drives Debian's chromium (test.sh installs it with apt).");
            return;
        }

        var script = ClientScript.JsScript("swagger-ui.mjs", "puppeteer-core");
        var screenshots = ScreenshotDirectory(scheme);
        var environment = new Dictionary<string, string>
        {
            ["AUTODRIVE_CHROMIUM"] = chromium,
            ["AUTODRIVE_SCREENSHOT_DIR"] = screenshots,
        };

        try
        {
            await ClientScript.AssertPassesAsync(scheme, environment, "node", script);
        }
        finally
        {
            // Pass or fail: the pictures of what the browser showed.
            foreach (var file in Directory.EnumerateFiles(screenshots, "*.png").Order(StringComparer.Ordinal))
            {
                TestContext.AddTestAttachment(file, $"Swagger UI over {scheme}: {Path.GetFileNameWithoutExtension(file)}");
            }
        }
    }

    /// <summary>A fresh <c>artifacts/test-results/screenshots/&lt;scheme&gt;</c> of the repository (which test.sh keeps).</summary>
    private static string ScreenshotDirectory(string scheme)
    {
        var repository = Path.GetFullPath(Path.Combine(ClientScript.JsDirectory, "..", "..", ".."));
        var directory = Path.Combine(repository, "artifacts", "test-results", "screenshots", scheme);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
