using System.Net;
using System.Security.Authentication;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Hosting;

/// <summary>
/// The test server's HTTPS endpoint, configured the operator's way (Kestrel:Certificates:Default with PEM files): it
/// answers S3 to clients that trust its certificate, by IP address and by name, and only to them.
/// </summary>
public class HttpsEndpointTests
{
    [TestCase("127.0.0.1")]
    [TestCase("localhost")]
    public async Task Get_WithTheCertificateTrusted_AnswersS3Xml(string host)
    {
        var server = await SharedServer.GetAsync();
        using var http = S3Clients.Raw(server, server.AliceKey, https: true);
        var address = new UriBuilder(server.HttpsBaseAddress) { Host = host, Path = $"/s3/{SharedServer.UniqueBucket()}/missing.txt" }.Uri;

        using var response = await http.GetAsync(address);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"));
    }

    [Test]
    public async Task Get_WithoutTrustingTheCertificate_FailsCertificateValidation()
    {
        var server = await SharedServer.GetAsync();
        using var http = new HttpClient { BaseAddress = server.HttpsBaseAddress };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/s3/b/k"));

        Assert.That(error!.InnerException, Is.InstanceOf<AuthenticationException>());
    }
}
