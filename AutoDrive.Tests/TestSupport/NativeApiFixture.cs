using System.Security.Cryptography;
using System.Text;
using Amazon.S3;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The base of the native API's fixtures: the shared server, native API clients for alice, bob and carol and an
/// unauthenticated one, alice's and bob's AWSSDK.S3 clients, and <see cref="NewUserAsync"/> for tests that need a user of
/// their own (the test disposes it).
/// </summary>
public abstract class NativeApiFixture
{
    protected AutoDriveServer Server { get; private set; } = null!;

    protected NativeApiClient Alice { get; private set; } = null!;

    protected NativeApiClient Bob { get; private set; } = null!;

    /// <summary>A user who owns nothing and is shared nothing.</summary>
    protected NativeApiClient Carol { get; private set; } = null!;

    /// <summary>No Authorization header at all.</summary>
    protected NativeApiClient Anonymous { get; private set; } = null!;

    protected AmazonS3Client AliceS3 { get; private set; } = null!;

    protected AmazonS3Client BobS3 { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartNativeClientsAsync()
    {
        Server = await SharedServer.GetAsync();
        Alice = NativeApiClient.For(Server, Server.AliceKey);
        Bob = NativeApiClient.For(Server, Server.BobKey);
        Carol = NativeApiClient.For(Server, Server.CarolKey);
        Anonymous = NativeApiClient.For(Server, apiKey: null);
        AliceS3 = S3Clients.Sdk(Server, Server.AliceKey);
        BobS3 = S3Clients.Sdk(Server, Server.BobKey);
    }

    [OneTimeTearDown]
    public void DisposeNativeClients()
    {
        Alice.Dispose();
        Bob.Dispose();
        Carol.Dispose();
        Anonymous.Dispose();
        AliceS3.Dispose();
        BobS3.Dispose();
    }

    /// <summary>A fresh user (see <see cref="NativeTestUser"/>) with the given limits in bytes (null: unlimited).</summary>
    protected Task<NativeTestUser> NewUserAsync(long? uploadLimit = null, long? downloadLimit = null) =>
        NativeTestUser.CreateAsync(Server, uploadLimit, downloadLimit);

    /// <summary>A file name no other test uses: <c>prefix-&lt;guid&gt;extension</c>.</summary>
    protected static string UniqueName(string prefix = "file", string extension = ".bin") => $"{prefix}-{Guid.NewGuid():N}{extension}";

    protected static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
