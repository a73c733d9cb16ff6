using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The native Auto Drive API as the official SDK calls it: <c>Authorization: Bearer &lt;key&gt;</c> with
/// <c>X-Auth-Provider: apikey</c>, JSON in camelCase (System.Text.Json's web defaults), chunks as
/// <c>multipart/form-data</c> with the part <c>file</c> and the field <c>index</c>. Over HTTPS it trusts the test server's
/// certificate as its only root, like <see cref="S3Clients"/>. Helpers that must succeed assert so, with the answer's
/// body in the message.
/// </summary>
public sealed class NativeApiClient : IDisposable
{
    /// <summary>JSON as the native API writes and reads it: camelCase, case-insensitive on read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private NativeApiClient(HttpClient http) => Http = http;

    /// <summary>The underlying client; its base address is the server's root (paths start with <c>/api</c>).</summary>
    public HttpClient Http { get; }

    /// <summary>A client for <paramref name="apiKey"/> (none: unauthenticated) over <paramref name="scheme"/>.</summary>
    public static NativeApiClient For(AutoDriveServer server, string? apiKey, string scheme = "http")
    {
        ArgumentNullException.ThrowIfNull(server);
        var http = scheme == "https"
            ? new HttpClient(S3Clients.TrustingHandler(server.CaCertificate), disposeHandler: true)
            : new HttpClient();
        http.BaseAddress = server.BaseAddressFor(scheme);
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            http.DefaultRequestHeaders.Add("X-Auth-Provider", "apikey");
        }

        return new NativeApiClient(http);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body) =>
        Http.PostAsJsonAsync(path, body, Json);

    public Task<HttpResponseMessage> PutJsonAsync(string path, object? body) =>
        Http.PutAsJsonAsync(path, body, Json);

    /// <summary>A POST without a body (as the SDK sends complete, delete, restore, publish).</summary>
    public Task<HttpResponseMessage> PostAsync(string path) => Http.PostAsync(path, content: null);

    public Task<HttpResponseMessage> DeleteAsync(string path) => Http.DeleteAsync(path);

    /// <summary>GET <paramref name="path"/>, asserting 200, and its JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        return await ReadOkJsonAsync(response);
    }

    /// <summary>POST JSON to <paramref name="path"/>, asserting 200, and the answer's JSON.</summary>
    public async Task<JsonElement> PostJsonOkAsync(string path, object? body)
    {
        using var response = await PostJsonAsync(path, body);
        return await ReadOkJsonAsync(response);
    }

    /// <summary><c>POST /api/uploads/file</c>, asserting 200: the upload's id.</summary>
    public async Task<string> CreateFileUploadAsync(string filename, string? mimeType = null, object? uploadOptions = null)
    {
        var upload = await PostJsonOkAsync("/api/uploads/file", new { filename, mimeType, uploadOptions = uploadOptions ?? new { } });
        return upload.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// <c>POST /api/uploads/file/{id}/chunk</c>: the part <c>file</c> with <paramref name="bytes"/>, then (or, with
    /// <paramref name="indexFirst"/>, before it) the field <c>index</c>; no <c>index</c> field when it is null.
    /// </summary>
    public Task<HttpResponseMessage> SendChunkAsync(string uploadId, byte[] bytes, string? index, bool indexFirst = false)
    {
        var form = new MultipartFormDataContent();
        if (indexFirst && index is not null)
        {
            form.Add(new StringContent(index), "index");
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "blob");
        if (!indexFirst && index is not null)
        {
            form.Add(new StringContent(index), "index");
        }

        return PostAndDisposeAsync($"/api/uploads/file/{uploadId}/chunk", form);
    }

    /// <summary>A chunk, asserting 200.</summary>
    public async Task SendChunkOkAsync(string uploadId, byte[] bytes, int index)
    {
        using var response = await SendChunkAsync(uploadId, bytes, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertStatusAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Sends a raw body as a chunk, with the given content type (for malformed forms).</summary>
    public Task<HttpResponseMessage> SendRawChunkAsync(string uploadId, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return PostAndDisposeAsync($"/api/uploads/file/{uploadId}/chunk", content);
    }

    public Task<HttpResponseMessage> CompleteAsync(string uploadId) => PostAsync($"/api/uploads/{uploadId}/complete");

    /// <summary><c>POST /api/uploads/{id}/complete</c>, asserting 200: the CID.</summary>
    public async Task<string> CompleteOkAsync(string uploadId)
    {
        using var response = await CompleteAsync(uploadId);
        var body = await ReadOkJsonAsync(response);
        return body.GetProperty("cid").GetString()!;
    }

    /// <summary>A whole file upload (create, chunks of <paramref name="chunkSize"/> in order, complete): its CID.</summary>
    public async Task<string> UploadFileAsync(string name, byte[] bytes, int chunkSize = 1024 * 1024, string? mimeType = null, object? uploadOptions = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var id = await CreateFileUploadAsync(name, mimeType, uploadOptions);
        var index = 0;
        for (var offset = 0; offset < bytes.Length || index == 0; offset += chunkSize, index++)
        {
            await SendChunkOkAsync(id, bytes[offset..Math.Min(bytes.Length, offset + chunkSize)], index);
        }

        return await CompleteOkAsync(id);
    }

    /// <summary><c>GET /api/downloads/{cid}</c>, asserting 200: the bytes.</summary>
    public async Task<byte[]> DownloadAsync(string cid, bool ignoreEncoding = true)
    {
        using var response = await GetAsync($"/api/downloads/{cid}" + (ignoreEncoding ? "?ignoreEncoding=true" : string.Empty));
        await AssertStatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The caller's public id (what others share with), from <c>GET /api/users/@me</c>.</summary>
    public async Task<string> PublicIdAsync()
    {
        var me = await GetJsonAsync("/api/users/@me");
        return me.GetProperty("user").GetProperty("publicId").GetString()!;
    }

    /// <summary>The head CIDs of a page of <paramref name="path"/> (<c>roots</c>, <c>roots/deleted</c>, ...).</summary>
    public async Task<IReadOnlyList<string>> RootCidsAsync(string path = "/api/objects/roots?scope=user&limit=1000")
    {
        var page = await GetJsonAsync(path);
        return page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("headCid").GetString()!).ToList();
    }

    /// <summary>Asserts the status (with the body in the message when it differs).</summary>
    public static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asserts 200 and answers the body's JSON.</summary>
    public static async Task<JsonElement> ReadOkJsonAsync(HttpResponseMessage response)
    {
        await AssertStatusAsync(response, HttpStatusCode.OK);
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Asserts that <paramref name="response"/> is ProblemDetails (<c>application/problem+json</c>) with
    /// <paramref name="status"/> on the wire and in its <c>status</c> field; answers the problem.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        await AssertStatusAsync(response, status);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await ReadJsonAsync(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        return problem;
    }

    /// <summary>A multipart body's bytes with a fixed boundary, for tests that cut it short.</summary>
    public static byte[] FormBytes(string boundary, params (string Name, string Body)[] parts)
    {
        var text = new StringBuilder();
        foreach (var (name, body) in parts)
        {
            text.Append("--").Append(boundary).Append("\r\n");
            text.Append(name == "file"
                ? "Content-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                : $"Content-Disposition: form-data; name=\"{name}\"\r\n\r\n");
            text.Append(body).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Dispose() => Http.Dispose();

    private async Task<HttpResponseMessage> PostAndDisposeAsync(string path, HttpContent content)
    {
        using (content)
        {
            return await Http.PostAsync(path, content);
        }
    }
}
