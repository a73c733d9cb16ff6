using Amazon.S3;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The base of a fixture that runs once over plain HTTP and once over HTTPS (<c>[TestFixture("http")]</c> and
/// <c>[TestFixture("https")]</c> on the subclass): alice's and bob's AWSSDK.S3 clients and alice's raw HttpClient
/// against the shared server, made before the subclass's own one-time set-up and disposed after its tear-down.
/// </summary>
public abstract class S3SchemeFixture(string scheme)
{
    protected bool Https { get; } = scheme == "https";

    protected AutoDriveServer Server { get; private set; } = null!;

    protected AmazonS3Client Alice { get; private set; } = null!;

    protected AmazonS3Client Bob { get; private set; } = null!;

    /// <summary>Raw HTTP signed as alice, for what SDKs never send.</summary>
    protected HttpClient Raw { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartClientsAsync()
    {
        Server = await SharedServer.GetAsync();
        Alice = S3Clients.Sdk(Server, Server.AliceKey, Https);
        Bob = S3Clients.Sdk(Server, Server.BobKey, Https);
        Raw = S3Clients.Raw(Server, Server.AliceKey, Https);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        Alice.Dispose();
        Bob.Dispose();
        Raw.Dispose();
    }
}
