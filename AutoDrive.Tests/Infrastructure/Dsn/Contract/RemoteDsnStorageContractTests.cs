using System.Net;
using System.Security.Cryptography;
using AutoDrive.Application.Content;
using AutoDrive.Tests.Infrastructure.Dsn.Remote;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Infrastructure.Dsn.Contract;

/// <summary>
/// The DSN contract on the network adapter, pointed at a second, real AutoDrive (the run's shared server, on its local
/// store) through that server's native API, as a user of its own (so no other test's uploads or credits interfere),
/// over plain HTTP and over HTTPS (trusting the server's self-signed certificate as the only root). Below the adapter's
/// resilience pipeline, every exchange is recorded on the wire, so that what the remote was asked for and sent can be
/// checked too.
/// </summary>
[TestFixture("http")]
[TestFixture("https")]
public class RemoteDsnStorageContractTests(string scheme) : DsnStorageContract
{
    private AutoDriveServer _server = null!;
    private NativeTestUser _user = null!;
    private RecordingHandler _wire = null!;
    private RemoteDsnStorageHost _host = null!;

    [OneTimeSetUp]
    public async Task StartRemoteAsync()
    {
        _server = await SharedServer.GetAsync();
        _user = await NativeTestUser.CreateAsync(_server, prefix: "dsn-contract", scheme: scheme);
    }

    [OneTimeTearDown]
    public void StopRemote() => _user.Dispose();

    [Test]
    public async Task CommitAsync_Content_IsOnTheRemoteUnderItsCid()
    {
        var content = RandomBytes((3 * MiB) + 77);

        var stored = await StoreAsync(Descriptor("on-the-remote.bin"), content);

        using var response = await _user.Api.GetAsync($"/api/downloads/{stored.Cid}?ignoreEncoding=true");
        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.OK);
        var downloaded = await response.Content.ReadAsByteArrayAsync();
        Assert.That(Convert.ToHexString(MD5.HashData(downloaded)), Is.EqualTo(Convert.ToHexString(MD5.HashData(content))), SeedNote);
    }

    [Test]
    public async Task OpenReadAsync_Range_AsksTheRemoteForThatRangeAndReceivesOnlyIt()
    {
        var content = RandomBytes(3 * MiB);
        var stored = await StoreAsync(Descriptor("ranged.bin"), content);
        _wire.Clear();

        var read = await ReadAsync(stored.Cid, 1_000_000, 100_000);

        Assert.That(read, Is.EqualTo(content.AsSpan(1_000_000, 100_000).ToArray()), SeedNote);
        var downloads = _wire.Exchanges.Where(e => e.Uri.AbsolutePath.Contains("/downloads/", StringComparison.Ordinal)).ToList();
        Assert.That(downloads, Has.Count.EqualTo(1), string.Join(Environment.NewLine, _wire.Exchanges));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(downloads[0].Range, Is.EqualTo("bytes=1000000-1099999"));
            Assert.That(downloads[0].StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(downloads[0].ContentRange, Is.EqualTo($"bytes 1000000-1099999/{content.Length}"));
            Assert.That(downloads[0].ContentLength, Is.EqualTo(100_000));
            Assert.That(downloads[0].BytesReceived, Is.EqualTo(100_000));
        }
    }

    protected override Task<IDsnStorage> CreateStorageAsync()
    {
        var transport = scheme == "https" ? S3Clients.TrustingHandler(_server.CaCertificate) : new SocketsHttpHandler();
        _wire = new RecordingHandler(transport);
        _host = RemoteDsnStorageHost.Create(_server.ApiEndpointFor(scheme), _user.Key, primaryHandler: () => _wire);
        return Task.FromResult(_host.Storage);
    }

    [TearDown]
    public override async Task DisposeStorageAsync()
    {
        await _host.DisposeAsync();
        _wire.Dispose();
    }
}
