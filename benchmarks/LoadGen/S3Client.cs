using System.Net;

namespace LoadGen;

/// <summary>
/// Builds signed path-style S3 requests against one endpoint over one HttpClient whose SocketsHttpHandler allows
/// as many connections as the phase has clients (so 32 clients are 32 keep-alive connections, as with wrk).
/// </summary>
internal sealed class S3Client : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _origin;
    private readonly string _basePath;
    private readonly SigV4Signer _signer;

    public S3Client(string endpoint, SigV4Signer signer, int connections)
    {
        var uri = new Uri(endpoint);
        _origin = uri.GetLeftPart(UriPartial.Authority);
        _basePath = uri.AbsolutePath.TrimEnd('/');
        _signer = signer;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public HttpRequestMessage Request(HttpMethod method, string bucket, string? key, params (string Name, string Value)[] query)
    {
        var path = _basePath + "/" + bucket;
        if (key is not null)
        {
            path += "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        }

        // SigV4's canonical query: names and values URI-encoded (RFC 3986 unreserved kept), sorted by name; the URL
        // carries the same encoding, and a bare name (?uploads) is sent as name= so both sides see one form.
        var canonicalQuery = string.Join('&', query
            .Select(q => (Name: Uri.EscapeDataString(q.Name), Value: Uri.EscapeDataString(q.Value)))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .Select(q => q.Name + "=" + q.Value));
        var uri = new Uri(_origin + path + (canonicalQuery.Length > 0 ? "?" + canonicalQuery : ""));
        var request = new HttpRequestMessage(method, uri);
        _signer.Sign(request, path, canonicalQuery);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, bool streamResponse = false) =>
        _http.SendAsync(request, streamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct);

    public void Dispose() => _http.Dispose();
}
