using System.Diagnostics;
using System.Text;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>Runs a real-client script (boto3, AWS CLI, ...) against a started server and reports its output.</summary>
public static class ClientScript
{
    /// <summary>A hang guard, not a measurement: a script that runs longer is killed and fails.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static string ScriptPath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "Compat", "Clients", name);

    public static async Task<(int ExitCode, string Output)> RunAsync(AutoDriveServer server, string fileName, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
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

        start.Environment["AUTODRIVE_S3_ENDPOINT"] = server.S3Endpoint.ToString();
        start.Environment["AUTODRIVE_KEY"] = server.AliceKey;
        start.Environment["AUTODRIVE_OTHER_KEY"] = server.BobKey;
        // Default client settings only: no profile, config or CA bundle from the machine.
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_CA_BUNDLE");
        start.Environment.Remove("AWS_PROFILE");
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
