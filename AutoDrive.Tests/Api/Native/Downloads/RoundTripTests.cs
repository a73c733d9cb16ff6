using System.Net;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Downloads;

/// <summary>
/// A file of several DAG chunks uploaded natively in chunks and read back byte for byte, natively and through S3, over
/// plain HTTP and over HTTPS (the server's self-signed certificate as the clients' only trusted root).
/// </summary>
[TestFixture("http")]
[TestFixture("https")]
public class RoundTripTests(string scheme)
{
    private AutoDriveServer _server = null!;
    private NativeApiClient _alice = null!;
    private Amazon.S3.AmazonS3Client _aliceS3 = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _alice = NativeApiClient.For(_server, _server.AliceKey, scheme);
        _aliceS3 = S3Clients.Sdk(_server, _server.AliceKey, https: scheme == "https");
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _alice.Dispose();
        _aliceS3.Dispose();
    }

    [Test]
    public async Task UploadThenDownload_OfAMultiChunkFile_IsByteExactOnBothApis()
    {
        var name = $"roundtrip-{scheme}-{Guid.NewGuid():N}.bin";
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000);

        var cid = await _alice.UploadFileAsync(name, bytes, chunkSize: 65_536);
        var native = await _alice.DownloadAsync(cid);
        using var s3 = await _aliceS3.GetObjectAsync("default", name);
        using var copy = new MemoryStream();
        await s3.ResponseStream.CopyToAsync(copy);
        var metadata = await _alice.GetJsonAsync($"/api/objects/{cid}/metadata");

        Assert.That(native, Is.EqualTo(bytes));
        Assert.That(copy.ToArray(), Is.EqualTo(bytes));
        Assert.That(metadata.GetProperty("totalSize").GetInt64(), Is.EqualTo(200_000));
        Assert.That(metadata.GetProperty("totalChunks").GetInt32(), Is.GreaterThan(1));
        Assert.That(metadata.GetProperty("chunks").EnumerateArray().Sum(c => c.GetProperty("size").GetInt64()), Is.EqualTo(200_000));
    }

    [Test]
    public async Task Download_WithARangeAcrossDagChunks_AnswersThoseBytes()
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000);
        var cid = await _alice.UploadFileAsync($"ranges-{scheme}-{Guid.NewGuid():N}.bin", bytes, chunkSize: 100_000);

        using var response = await _alice.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true", ("Range", "bytes=65000-131100"));

        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.PartialContent);
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes[65_000..131_101]));
    }
}
