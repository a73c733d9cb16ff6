using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Compat;

/// <summary>Real S3 clients with their default settings, as separate processes, against the started server.</summary>
[NonParallelizable]
public class RealClientTests
{
    [Test]
    public async Task Boto3_ObjectRoundTrip_Passes()
    {
        var server = await SharedServer.GetAsync();

        var (exitCode, output) = await ClientScript.RunAsync(server, "python3", ClientScript.ScriptPath("boto3_objects.py"));

        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public async Task AwsCli_ObjectRoundTrip_Passes()
    {
        var server = await SharedServer.GetAsync();

        var (exitCode, output) = await ClientScript.RunAsync(server, "bash", ClientScript.ScriptPath("awscli_objects.sh"));

        Assert.That(exitCode, Is.Zero, output);
    }
}
