using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoDrive.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDrive.Tests.Api.Swagger;

/// <summary>
/// The document Swagger UI renders (<c>/swagger/v1/swagger.json</c>), as the running server serves it: every native
/// route with its request and response schemas, the key each one needs, examples from the DTOs' XML comments, and the
/// hand-written S3 operations.
/// </summary>
public partial class SwaggerTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "head", "patch", "options"];

    private AutoDriveServer _server = null!;
    private JsonDocument _document = null!;

    private JsonElement Paths => _document.RootElement.GetProperty("paths");

    private JsonElement Schemas => _document.RootElement.GetProperty("components").GetProperty("schemas");

    [OneTimeSetUp]
    public async Task FetchDocumentAsync()
    {
        _server = await SharedServer.GetAsync();
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        _document = JsonDocument.Parse(await http.GetStringAsync("/swagger/v1/swagger.json"));
    }

    [OneTimeTearDown]
    public void DisposeDocument() => _document.Dispose();

    [Test]
    public async Task SwaggerDocument_DescribesTheNativeRoutesAndTheS3Operations()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };

        using var ui = await http.GetAsync("/swagger/index.html");
        var paths = Paths.EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(paths, Does.Contain("/api/accounts/@me"));
        Assert.That(paths, Is.SupersetOf(new[] { "/s3", "/s3/{bucket}", "/s3/{bucket}/{key}" }));
        Assert.That(_document.RootElement.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name),
            Is.EquivalentTo(new[] { "ApiKey", "Admin" }));
    }

    [Test]
    public void SwaggerDocument_EveryApiControllerAction_IsDocumented()
    {
        var routes = _server.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .Where(a => a.AttributeRouteInfo?.Template is { } t && (t == "api@me" || t.StartsWith("api/", StringComparison.Ordinal)))
            .SelectMany(a => a.ActionConstraints!.OfType<HttpMethodActionConstraint>().Single().HttpMethods
                .Select(m => $"{m} /{RouteConstraint().Replace(a.AttributeRouteInfo!.Template!, "{$1}")}"))
            .ToList();

        var documented = ApiOperations().Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();

        // Every native route, admin and the unserved (501) ones included, and nothing else.
        Assert.That(routes, Has.Count.GreaterThanOrEqualTo(45));
        Assert.That(documented, Is.EquivalentTo(routes));
        Assert.That(documented, Is.SupersetOf(new[]
        {
            "GET /api@me", "GET /api/users/@me/apiKeys", "DELETE /api/admin/users/{user}/apiKeys/{keyId}", "POST /api/intents",
            "POST /api/uploads/file/{uploadId}/chunk", "GET /api/objects/{id}/public",
        }));
    }

    [Test]
    public void SwaggerDocument_EveryApiOperation_HasASummaryAndASchemaForItsAnswer()
    {
        foreach (var (method, path, operation) in ApiOperations())
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var success = responses.Where(r => r.Name.StartsWith('2')).ToList();

            Assert.That(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null, Is.Not.Null.And.Not.Empty, name);
            if (success.Count == 0)
            {
                // The unserved routes: their 501 is the answer.
                Assert.That(responses.Select(r => r.Name), Is.EqualTo(new[] { "501" }), name);
                Assert.That(SchemaOf(responses[0].Value, "application/problem+json"), Is.EqualTo("ProblemDetails"), name);
                continue;
            }

            foreach (var response in success.Where(r => r.Name != "204"))
            {
                Assert.That(response.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(), Is.True, $"{name} {response.Name}");
                foreach (var media in content.EnumerateObject())
                {
                    Assert.That(media.Value.TryGetProperty("schema", out _), Is.True, $"{name} {response.Name} {media.Name}");
                }
            }
        }
    }

    [TestCase("get", "/api/accounts/@me", "AccountResponse")]
    [TestCase("get", "/api@me", "MeResponse")]
    [TestCase("get", "/api/users/@me", "MeResponse")]
    [TestCase("post", "/api/uploads/file", "UploadResponse")]
    [TestCase("post", "/api/uploads/{uploadId}/complete", "CompleteUploadResponse")]
    [TestCase("get", "/api/objects/roots", "ObjectPageResponse")]
    [TestCase("get", "/api/objects/{cid}/metadata", "ObjectMetadataResponse")]
    [TestCase("post", "/api/objects/{cid}/publish", "PublishResponse")]
    [TestCase("post", "/api/objects/{cid}/share", "EmptyResponse")]
    [TestCase("post", "/api/users/@me/apiKeys/create", "CreatedApiKeyResponse")]
    [TestCase("get", "/api/admin/users/{user}", "AdminUserResponse")]
    [TestCase("get", "/api/admin/storage", "StorageUsage")]
    public void SwaggerDocument_JsonOperation_AnswersItsResponseSchema(string method, string path, string schema)
    {
        var ok = Operation(path, method).GetProperty("responses").GetProperty("200");

        Assert.That(ok.GetProperty("content").EnumerateObject().Select(m => m.Name), Is.EqualTo(new[] { "application/json" }));
        Assert.That(SchemaOf(ok, "application/json"), Is.EqualTo(schema));
        // Described in components: with its properties (EmptyResponse, {}, has none).
        Assert.That(
            Schemas.GetProperty(schema).TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Count() : 0,
            schema == "EmptyResponse" ? Is.Zero : Is.Positive);
    }

    [TestCase("/api/downloads/{cid}", "200")]
    [TestCase("/api/downloads/{cid}", "206")]
    [TestCase("/api/objects/{id}/public", "200")]
    public void SwaggerDocument_Download_AnswersBytesOnly(string path, string status)
    {
        var content = Operation(path, "get").GetProperty("responses").GetProperty(status).GetProperty("content");

        Assert.That(content.EnumerateObject().Select(m => m.Name), Is.EqualTo(new[] { "application/octet-stream" }));
        Assert.That(content.GetProperty("application/octet-stream").GetProperty("schema").GetProperty("format").GetString(), Is.EqualTo("binary"));
    }

    [Test]
    public void SwaggerDocument_ErrorResponses_AreProblemDetailsAsProblemJson()
    {
        var errors = ApiOperations()
            .SelectMany(o => o.Operation.GetProperty("responses").EnumerateObject()
                .Where(r => r.Name[0] is '4' or '5')
                .Select(r => (Name: $"{o.Method.ToUpperInvariant()} {o.Path} {r.Name}", Response: r.Value)))
            .ToList();

        Assert.That(errors, Has.Count.GreaterThan(100));
        foreach (var (name, response) in errors)
        {
            Assert.That(response.GetProperty("content").EnumerateObject().Select(m => m.Name), Is.EqualTo(new[] { "application/problem+json" }), name);
            Assert.That(SchemaOf(response, "application/problem+json"), Is.EqualTo("ProblemDetails"), name);
        }
    }

    [TestCase("post", "/api/uploads/file", "CreateFileUploadRequest")]
    [TestCase("post", "/api/uploads/folder", "CreateFolderUploadRequest")]
    [TestCase("post", "/api/uploads/folder/{uploadId}/file", "CreateFolderFileRequest")]
    [TestCase("post", "/api/objects/{cid}/share", "ShareRequest")]
    [TestCase("post", "/api/users/@me/apiKeys/create", "CreateApiKeyRequest")]
    [TestCase("post", "/api/admin/users", "CreateUserRequest")]
    [TestCase("put", "/api/admin/users/{user}/limits", "SetLimitsRequest")]
    [TestCase("post", "/api/admin/users/{user}/apiKeys", "CreateApiKeyRequest")]
    public void SwaggerDocument_OperationTakingJson_DocumentsItsRequestSchema(string method, string path, string schema)
    {
        var body = Operation(path, method).GetProperty("requestBody");

        Assert.That(SchemaOf(body, "application/json"), Is.EqualTo(schema));
        Assert.That(Schemas.GetProperty(schema).GetProperty("properties").EnumerateObject().Count(), Is.GreaterThan(0));
    }

    [Test]
    public void SwaggerDocument_ChunkUpload_DocumentsTheMultipartFormWithTheFileAndItsIndex()
    {
        var body = Operation("/api/uploads/file/{uploadId}/chunk", "post").GetProperty("requestBody");
        var form = body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        var properties = form.GetProperty("properties");

        Assert.That(body.GetProperty("required").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("content").EnumerateObject().Select(m => m.Name), Is.EqualTo(new[] { "multipart/form-data" }));
        Assert.That(form.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "file", "index" }));
        Assert.That(properties.GetProperty("file").GetProperty("format").GetString(), Is.EqualTo("binary"));
        Assert.That(properties.GetProperty("index").GetProperty("type").GetString(), Is.EqualTo("integer"));
    }

    [Test]
    public void SwaggerDocument_AdminOperations_RequireTheAdminKeyAndOnlyThey()
    {
        var operations = ApiOperations().ToList();
        var admin = operations.Where(o => o.Path.StartsWith("/api/admin/", StringComparison.Ordinal)).ToList();

        Assert.That(admin, Has.Count.EqualTo(8));
        foreach (var (method, path, operation) in operations)
        {
            var expected = path.StartsWith("/api/admin/", StringComparison.Ordinal) ? new[] { "Admin" } : [];
            Assert.That(SchemesOf(operation).Intersect(["Admin"]), Is.EqualTo(expected), $"{method} {path}");
        }
    }

    [Test]
    public void SwaggerDocument_PublicDownloadAndUnservedRoutes_NeedNoKey()
    {
        var anonymous = ApiOperations().Where(o => o.Operation.GetProperty("security").GetArrayLength() == 0)
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();
        var unserved = ApiOperations()
            .Where(o => o.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).SequenceEqual(["501"]))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();

        Assert.That(unserved, Has.Count.EqualTo(14));
        Assert.That(anonymous, Is.EquivalentTo(unserved.Append("GET /api/objects/{id}/public")));
    }

    [Test]
    public void SwaggerDocument_UserOperations_RequireTheApiKey()
    {
        var user = ApiOperations()
            .Where(o => !o.Path.StartsWith("/api/admin/", StringComparison.Ordinal) && o.Operation.GetProperty("security").GetArrayLength() > 0)
            .ToList();

        Assert.That(user.Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}"),
            Is.SupersetOf(new[] { "GET /api/accounts/@me", "POST /api/uploads/file", "GET /api/downloads/{cid}", "GET /api/users/@me/apiKeys" }));
        foreach (var (method, path, operation) in user)
        {
            Assert.That(SchemesOf(operation), Is.EqualTo(new[] { "ApiKey" }), $"{method} {path}");
        }

        // The S3 operations inherit the document's requirement: the same key, as a bearer token.
        Assert.That(_document.RootElement.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)),
            Is.EqualTo(new[] { "ApiKey" }));
        Assert.That(Operation("/s3", "get").TryGetProperty("security", out _), Is.False);
    }

    [TestCase("CreateFileUploadRequest", "filename", "report.pdf")]
    [TestCase("CreateFolderFileRequest", "relativeId", "photos/cat.jpg")]
    [TestCase("UploadResponse", "status", "pending")]
    [TestCase("CompleteUploadResponse", "cid", "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu")]
    [TestCase("AccountResponse", "id", "6f1c2b7e0d9a4c3b8e5f1a2b3c4d5e6f")]
    [TestCase("AccountResponse", "model", "one_off")]
    [TestCase("ObjectSummaryResponse", "headCid", "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu")]
    [TestCase("CreatedApiKeyResponse", "createdAt", "2025-01-15T10:30:00+00:00")]
    [TestCase("AdminUserResponse", "name", "carol")]
    public void SwaggerDocument_KeySchema_CarriesTheExampleOfItsXmlComments(string schema, string property, string example)
    {
        var value = Schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("example");

        Assert.That(value.GetString(), Is.EqualTo(example));
    }

    [TestCase("CreateUserRequest", "uploadLimit", 1073741824L)]
    [TestCase("AccountResponse", "pendingUploadCredits", 1073741811L)]
    [TestCase("ObjectPageResponse", "totalCount", 1L)]
    public void SwaggerDocument_KeySchema_CarriesItsNumericExample(string schema, string property, long example)
    {
        var value = Schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("example");

        Assert.That(value.GetInt64(), Is.EqualTo(example));
    }

    [Test]
    public void SwaggerDocument_S3Operations_DescribeTheirErrorDocumentAsCode()
    {
        var operations = Paths.EnumerateObject().Where(p => p.Name == "/s3" || p.Name.StartsWith("/s3/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => (Name: $"{o.Name} {p.Name}", Operation: o.Value)))
            .ToList();

        Assert.That(operations, Has.Count.EqualTo(9));
        foreach (var (name, operation) in operations)
        {
            // Backticks: Swagger UI renders descriptions as Markdown, where a bare <Error> is an HTML tag and vanishes.
            var description = operation.GetProperty("responses").GetProperty("4XX").GetProperty("description").GetString();
            Assert.That(description, Does.Contain("`<Error>`"), name);
        }
    }

    /// <summary>
    /// Swagger UI renders descriptions as Markdown and drops HTML tags from them: an angle bracket that is meant as text
    /// (<c>&lt;key&gt;</c>, <c>&lt;Error&gt;</c>) must be inside a code span to be shown.
    /// </summary>
    [Test]
    public void SwaggerDocument_Descriptions_HaveNoAngleBracketsOutsideCode()
    {
        var descriptions = new List<(string Where, string Text)>();
        Collect(_document.RootElement, "#", descriptions);

        Assert.That(descriptions, Has.Count.GreaterThan(100));
        foreach (var (where, text) in descriptions)
        {
            Assert.That(CodeSpan().Replace(text, string.Empty), Does.Not.Match("<[A-Za-z/!]"), $"{where}: {text}");
        }
    }

    private static void Collect(JsonElement element, string where, List<(string Where, string Text)> descriptions)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "description" && property.Value.ValueKind == JsonValueKind.String)
                {
                    descriptions.Add((where, property.Value.GetString()!));
                }
                else
                {
                    Collect(property.Value, $"{where}/{property.Name}", descriptions);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, $"{where}[{index++}]", descriptions);
            }
        }
    }

    /// <summary>The operations under <c>/api</c> (and <c>/api@me</c>).</summary>
    private IEnumerable<(string Method, string Path, JsonElement Operation)> ApiOperations() =>
        Paths.EnumerateObject()
            .Where(p => p.Name == "/api@me" || p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => (o.Name, p.Name, o.Value)));

    private JsonElement Operation(string path, string method) => Paths.GetProperty(path).GetProperty(method);

    /// <summary>The name of the component schema a response or request body refers to for <paramref name="mediaType"/>.</summary>
    private static string? SchemaOf(JsonElement responseOrBody, string mediaType) =>
        responseOrBody.GetProperty("content").TryGetProperty(mediaType, out var media)
        && media.GetProperty("schema").TryGetProperty("$ref", out var reference)
            ? reference.GetString()!.Split('/')[^1]
            : null;

    private static List<string> SchemesOf(JsonElement operation) =>
        [.. operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name))];

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();
}
