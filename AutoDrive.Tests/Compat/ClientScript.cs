using System.Diagnostics;
using System.Reflection;
using System.Text;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>
/// Runs a real-client script (boto3, AWS CLI, JS SDK, rclone) against a started server, over plain HTTP or HTTPS,
/// and reports its output. Scripts get the endpoint to test in <c>AUTODRIVE_S3_ENDPOINT</c>, both endpoints in
/// <c>AUTODRIVE_S3_HTTP_ENDPOINT</c>/<c>AUTODRIVE_S3_HTTPS_ENDPOINT</c>, the server's self-signed certificate in
/// <c>AUTODRIVE_CA_BUNDLE</c>, alice's and bob's keys in <c>AUTODRIVE_KEY</c>/<c>AUTODRIVE_OTHER_KEY</c>, carol's (a third
/// user) in <c>AUTODRIVE_THIRD_KEY</c>, dave's (limited credits) in <c>AUTODRIVE_LIMITED_KEY</c>, the admin key in
/// <c>AUTODRIVE_ADMIN_KEY</c>, the native API's root (the SDK's apiUrl) in <c>AUTODRIVE_API_ENDPOINT</c> and the server's
/// root in <c>AUTODRIVE_BASE_URL</c>, both for the scheme under test. Over
/// HTTPS the certificate is also trusted the way a user would trust it: <c>AWS_CA_BUNDLE</c> (botocore, AWS CLI)
/// and <c>NODE_EXTRA_CA_CERTS</c> (Node); rclone scripts pass <c>--ca-cert</c> themselves.
/// </summary>
public static class ClientScript
{
    /// <summary>A hang guard, not a measurement: a script that runs longer is killed and fails.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static string ScriptPath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "Compat", "Clients", name);

    /// <summary>
    /// The JS SDK project (package.json, package-lock.json, objects.mjs) in the source tree, where <c>npm ci</c>
    /// puts its node_modules (test.sh does): Node resolves packages next to the script, so it runs from there.
    /// </summary>
    public static string JsDirectory =>
        typeof(ClientScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CompatJsDirectory").Value!;

    /// <summary>
    /// The path of a script of the JS project, after checking that <c>npm ci</c> installed <paramref name="package"/>
    /// there.
    /// </summary>
    public static string JsScript(string name, string package = "@aws-sdk/client-s3")
    {
        var directory = JsDirectory;
        Assert.That(
            Directory.Exists(Path.Combine([directory, "node_modules", .. package.Split('/')])),
            Is.True,
            $"{package} is not installed: run `npm ci` in {directory} (test.sh does so when node_modules is missing).");
        return Path.Combine(directory, name);
    }

    /// <summary>
    /// Runs the script against the shared server over <paramref name="scheme"/>, writes its output to the test's
    /// output, pass or fail, and fails the test unless the script exits 0.
    /// </summary>
    public static Task AssertPassesAsync(string scheme, string fileName, params string[] arguments) =>
        AssertPassesAsync(scheme, new Dictionary<string, string>(), fileName, arguments);

    /// <inheritdoc cref="AssertPassesAsync(string, string, string[])"/>
    public static async Task AssertPassesAsync(
        string scheme, IReadOnlyDictionary<string, string> environment, string fileName, params string[] arguments)
    {
        var server = await SharedServer.GetAsync();

        var (exitCode, output) = await RunAsync(server, scheme, environment, fileName, arguments);

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.Zero, output);
    }

    public static Task<(int ExitCode, string Output)> RunAsync(AutoDriveServer server, string scheme, string fileName, params string[] arguments) =>
        RunAsync(server, scheme, new Dictionary<string, string>(), fileName, arguments);

    /// <summary>Runs the script with <paramref name="environment"/> added to what every script gets.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        AutoDriveServer server, string scheme, IReadOnlyDictionary<string, string> environment, string fileName, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(environment);
        var endpoint = server.S3EndpointFor(scheme);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AUTODRIVE_S3_ENDPOINT"] = endpoint.ToString();
        start.Environment["AUTODRIVE_S3_HTTP_ENDPOINT"] = server.S3Endpoint.ToString();
        start.Environment["AUTODRIVE_S3_HTTPS_ENDPOINT"] = server.S3HttpsEndpoint.ToString();
        start.Environment["AUTODRIVE_CA_BUNDLE"] = server.CaCertificatePath;
        start.Environment["AUTODRIVE_KEY"] = server.AliceKey;
        start.Environment["AUTODRIVE_OTHER_KEY"] = server.BobKey;
        start.Environment["AUTODRIVE_THIRD_KEY"] = server.CarolKey;
        start.Environment["AUTODRIVE_LIMITED_KEY"] = server.DaveKey;
        start.Environment["AUTODRIVE_ADMIN_KEY"] = server.AdminKey;
        start.Environment["AUTODRIVE_API_ENDPOINT"] = server.ApiEndpointFor(endpoint.Scheme).ToString().TrimEnd('/');
        start.Environment["AUTODRIVE_BASE_URL"] = server.BaseAddressFor(endpoint.Scheme).ToString().TrimEnd('/');
        // Default client settings only: no profile, config or CA bundle from the machine.
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_CA_BUNDLE");
        start.Environment.Remove("NODE_EXTRA_CA_CERTS");
        start.Environment.Remove("AWS_PROFILE");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("RCLONE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            // Trusted explicitly, as a user would; verification stays on.
            start.Environment["AWS_CA_BUNDLE"] = server.CaCertificatePath;
            start.Environment["NODE_EXTRA_CA_CERTS"] = server.CaCertificatePath;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["PYTHONUNBUFFERED"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            output.AppendLine($"(killed after {HangGuard.TotalMinutes} minutes)");
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
