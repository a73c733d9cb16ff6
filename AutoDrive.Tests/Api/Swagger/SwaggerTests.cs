using System.Net;
using System.Text.Json;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Swagger;

public class SwaggerTests
{
    [Test]
    public async Task SwaggerDocument_DescribesTheNativeRoutesAndTheS3Operations()
    {
        var server = await SharedServer.GetAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var ui = await http.GetAsync("/swagger/index.html");
        var document = JsonDocument.Parse(await http.GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(paths, Does.Contain("/api/accounts/@me"));
        Assert.That(paths, Is.SupersetOf(new[] { "/s3", "/s3/{bucket}", "/s3/{bucket}/{key}" }));
        Assert.That(document.RootElement.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name),
            Does.Contain("ApiKey"));
    }
}
