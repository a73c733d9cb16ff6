using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// The native Auto Drive API as the official SDK speaks it, for the network adapter: a typed <see cref="HttpClient"/>
/// from <c>IHttpClientFactory</c>, behind the standard resilience pipeline (see <c>AddAutoDriveApiStorage</c>: per-attempt
/// and total timeouts, retries with backoff and jitter that honour <c>Retry-After</c>, circuit breaker). Every call either
/// answers what the remote said or throws a <see cref="DomainException"/>: <see cref="ErrorKind.SlowDown"/> when the remote
/// kept answering 429, <see cref="ErrorKind.ServiceUnavailable"/> for everything else that failed after the retries
/// (a 5xx, a timeout, a reset connection, an open circuit, an answer that makes no sense). The caller's own
/// cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class AutoDriveApiClient
{
    /// <summary>The SDK's provider header: the key is an Auto Drive API key.</summary>
    private const string AuthProviderHeader = "X-Auth-Provider";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;

    public AutoDriveApiClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>
    /// The remote's API root with a trailing slash: relative paths resolve under it. Without the slash,
    /// <see cref="Uri"/> resolution would replace the last segment (<c>…/api</c> + <c>uploads/file</c> = <c>…/uploads/file</c>).
    /// </summary>
    public static Uri NormalizeBaseUrl(string baseUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        var text = baseUrl.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    /// <summary>Sets the key and the SDK's headers on a client (called once, by the factory's configuration).</summary>
    public static void Configure(HttpClient http, AutoDriveApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        http.BaseAddress = NormalizeBaseUrl(options.BaseUrl!);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        http.DefaultRequestHeaders.Add(AuthProviderHeader, "apikey");
        // The resilience pipeline times requests; a download body may stream for longer than any fixed timeout.
        http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>Asks <c>GET accounts/@me</c>: the status the remote answered (200 when the key is good), or throws when unreachable.</summary>
    public async Task<HttpStatusCode> ProbeAccountAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "accounts/@me"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode;
    }

    /// <summary><c>POST uploads/file</c>: starts a chunked file upload; its id.</summary>
    public async Task<string> CreateFileUploadAsync(string filename, string? mimeType, UploadOptions options, CancellationToken cancellationToken)
    {
        var body = new CreateUploadBody(filename, mimeType ?? "application/octet-stream", UploadOptionsBody.From(options));
        using var response = await SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "uploads/file") { Content = JsonContent.Create(body, options: Json) },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        EnsureSuccess(response, "create an upload");
        var created = await ReadJsonAsync<UploadBody>(response, cancellationToken);
        return string.IsNullOrEmpty(created?.Id) ? throw Unexpected("an upload without an id") : created.Id;
    }

    /// <summary>
    /// <c>POST uploads/file/{id}/chunk</c>: one chunk, multipart/form-data with <c>file</c> and <c>index</c> as the SDK
    /// sends them. Chunk uploads are idempotent by index, so the pipeline may retry them like any other request.
    /// </summary>
    public async Task UploadChunkAsync(string uploadId, int index, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var file = new ReadOnlyMemoryContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent
        {
            { file, "file", "chunk" },
            { new StringContent(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), "index" },
        };
        using var response = await SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"uploads/file/{Uri.EscapeDataString(uploadId)}/chunk") { Content = form },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        EnsureSuccess(response, $"upload chunk {index}");
    }

    /// <summary><c>POST uploads/{id}/complete</c>: the CID the remote computed.</summary>
    public async Task<Cid> CompleteUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"uploads/{Uri.EscapeDataString(uploadId)}/complete"),
            HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        EnsureSuccess(response, "complete an upload");
        var completed = await ReadJsonAsync<CompleteBody>(response, cancellationToken);
        return Cid.IsValid(completed?.Cid) ? Cid.Parse(completed!.Cid) : throw Unexpected("a completion without a valid CID");
    }

    /// <summary>
    /// <c>GET downloads/{cid}?ignoreEncoding=true</c> with <c>Range</c> for exactly the bytes asked (the stored bytes, not
    /// decoded): the response with its headers read and its body not yet, or null when the remote has no such content.
    /// The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage?> DownloadAsync(Cid cid, long offset, long length, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"downloads/{Uri.EscapeDataString(cid.Value)}?ignoreEncoding=true");
        request.Headers.Range = new RangeHeaderValue(offset, offset + length - 1);
        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        try
        {
            EnsureSuccess(response, "download");
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>GET objects/{cid}/status</c>, or null when the remote has no such content (for this key).</summary>
    public Task<StatusBody?> GetStatusAsync(Cid cid, CancellationToken cancellationToken) =>
        GetOptionalAsync<StatusBody>($"objects/{Uri.EscapeDataString(cid.Value)}/status", cancellationToken);

    /// <summary><c>GET objects/{cid}/metadata</c>, or null when the remote has no such content (for this key).</summary>
    public Task<MetadataBody?> GetMetadataAsync(Cid cid, CancellationToken cancellationToken) =>
        GetOptionalAsync<MetadataBody>($"objects/{Uri.EscapeDataString(cid.Value)}/metadata", cancellationToken);

    private async Task<T?> GetOptionalAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(response, "read " + path);
        return await ReadJsonAsync<T>(response, cancellationToken) ?? throw Unexpected("an empty answer to " + path);
    }

    /// <summary>
    /// Sends one request through the pipeline (which retries it inside <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>)
    /// and disposes it; failures that outlived the retries become domain errors.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var message = request;
        try
        {
            return await _http.SendAsync(message, completion, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            or OperationCanceledException or IOException)
        {
            throw new DomainException(ErrorKind.ServiceUnavailable, Unreachable, exception);
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        throw response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new DomainException(
                ErrorKind.SlowDown, "The storage network is asking us to slow down. Please reduce your request rate and retry."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new DomainException(
                ErrorKind.ServiceUnavailable,
                $"The storage network refused this gateway's request to {what} ({status}): its key (AutoDrive:Dsn:AutoDriveApi:ApiKey) is refused or out of credits. Please retry later."),
            _ => new DomainException(ErrorKind.ServiceUnavailable, $"The storage network could not {what} ({status}). Please retry."),
        };
    }

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or HttpRequestException or IOException)
        {
            throw new DomainException(ErrorKind.ServiceUnavailable, "The storage network gave an answer this gateway cannot read. Please retry.", exception);
        }
    }

    private static DomainException Unexpected(string what) =>
        new(ErrorKind.ServiceUnavailable, $"The storage network answered {what}. Please retry.");

    private const string Unreachable = "The storage network is not reachable right now. Please retry.";

    private sealed record CreateUploadBody(string Filename, string MimeType, UploadOptionsBody UploadOptions);

    private sealed record UploadBody(string? Id);

    private sealed record CompleteBody(string? Cid);

    /// <summary>The SDK's <c>uploadOptions</c>: <c>{}</c>, <c>{compression: {algorithm: "ZLIB", level?, chunkSize?}, encryption?: {algorithm: "AES_256_GCM", chunkSize?}}</c>.</summary>
    private sealed record UploadOptionsBody(CompressionBody? Compression, EncryptionBody? Encryption)
    {
        public static UploadOptionsBody From(UploadOptions options) => new(
            options.Compression is { } c ? new CompressionBody("ZLIB", c.Level, c.ChunkSize) : null,
            options.Encryption is { } e ? new EncryptionBody("AES_256_GCM", e.ChunkSize) : null);
    }

    private sealed record CompressionBody(string Algorithm, int? Level, int? ChunkSize);

    private sealed record EncryptionBody(string Algorithm, int? ChunkSize);
}
