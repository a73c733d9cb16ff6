using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// An in-process fake of the native Auto Drive API, under <c>/api</c> on real Kestrel (127.0.0.1, a free port), for
/// testing a client of it against what a remote does on a bad day. It serves the routes a storage client needs —
/// account, file upload (create, chunks, complete), ranged download, object status and metadata — with
/// <c>Authorization: Bearer &lt;key&gt;</c> required (401 otherwise), and stores in memory (test sizes only). CIDs are
/// computed with the local CID engine (<see cref="FileDagBuilder"/>), so a correct upload gets the CID Auto Drive
/// gives. Faults are programmed per route (<see cref="Fail"/>): the first rule of a route that has uses left applies to
/// its next request. Every request is logged (<see cref="Requests"/>).
/// </summary>
public sealed class FaultyAutoDriveApi : IAsyncDisposable
{
    private const int WriteBlock = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly List<FakeRequest> _log = [];
    private readonly ConcurrentDictionary<string, Upload> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private WebApplication _app = null!;

    private FaultyAutoDriveApi() => ApiKey = "fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The only key the fake accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The API root, e.g. <c>http://127.0.0.1:41234/api</c> (what a client's base URL is set to).</summary>
    public Uri ApiEndpoint { get; private set; } = null!;

    /// <summary>Every request so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>The CIDs of the files completed so far.</summary>
    public IReadOnlyCollection<Cid> StoredCids => [.. _files.Keys.Select(Cid.Parse)];

    /// <summary>Uploads created and not completed.</summary>
    public int OpenUploadCount => _uploads.Values.Count(upload => upload.Cid is null);

    public static async Task<FaultyAutoDriveApi> StartAsync()
    {
        var fake = new FaultyAutoDriveApi();
        await fake.RunAsync();
        return fake;
    }

    /// <summary>The next <paramref name="times"/> requests of <paramref name="route"/> (after earlier rules) get <paramref name="fault"/>.</summary>
    public void Fail(FakeRoute route, int times, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        if ((fault.Kind == FaultKind.TruncatedDownload && route != FakeRoute.Download)
            || (fault.Kind == FaultKind.WrongCid && route != FakeRoute.Complete))
        {
            throw new ArgumentException($"{fault} does not apply to {route}.", nameof(fault));
        }

        lock (_gate)
        {
            _rules.Add(new Rule(route, fault, times));
        }
    }

    /// <summary>Every request of <paramref name="route"/> from now on (after earlier rules) gets <paramref name="fault"/>.</summary>
    public void FailAlways(FakeRoute route, Fault fault) => Fail(route, int.MaxValue, fault);

    /// <summary>Every route serves normally from now on.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<FakeRequest> RequestsTo(FakeRoute route) => [.. Requests.Where(request => request.Route == route)];

    /// <summary>The bytes of a completed file, or null.</summary>
    public byte[]? ContentOf(Cid cid) => _files.TryGetValue(cid.Value, out var file) ? file.Bytes : null;

    /// <summary>A readable account of the log, for failure messages.</summary>
    public string DescribeRequests() => string.Join(Environment.NewLine, Requests);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static Task ProblemAsync(HttpContext context, int status, string title, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync<object>(new { type = "about:blank", title, status }, (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
    }

    private static Task JsonAsync(HttpContext context, object body, CancellationToken cancellationToken) =>
        context.Response.WriteAsJsonAsync(body, cancellationToken);

    private static string RouteValue(HttpContext context, string name) =>
        Convert.ToString(context.Request.RouteValues[name], CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Upload options as the SDK sends them: <c>{compression: {algorithm: "ZLIB", level?, chunkSize?}, encryption: {algorithm: "AES_256_GCM", chunkSize?}}</c>.</summary>
    private static UploadOptions ParseOptions(JsonElement element)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return UploadOptions.None;
        }

        CompressionOptions? compression = null;
        if (element.TryGetProperty("compression", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            compression = Algorithm(c) == "ZLIB"
                ? new CompressionOptions(CompressionAlgorithm.Zlib, OptionalInt(c, "level"), OptionalInt(c, "chunkSize"))
                : throw new FormatException("The only compression algorithm is ZLIB.");
        }

        EncryptionOptions? encryption = null;
        if (element.TryGetProperty("encryption", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            encryption = Algorithm(e) == "AES_256_GCM"
                ? new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm, OptionalInt(e, "chunkSize"))
                : throw new FormatException("The only encryption algorithm is AES_256_GCM.");
        }

        return compression is null && encryption is null ? UploadOptions.None : new UploadOptions(compression, encryption);

        static string? Algorithm(JsonElement options) =>
            options.TryGetProperty("algorithm", out var algorithm) && algorithm.ValueKind == JsonValueKind.String ? algorithm.GetString() : null;

        static int? OptionalInt(JsonElement options, string name) =>
            options.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
    }

    private static Dictionary<string, object> OptionsJson(UploadOptions options)
    {
        var json = new Dictionary<string, object>(StringComparer.Ordinal);
        if (options.Compression is { } compression)
        {
            var c = new Dictionary<string, object>(StringComparer.Ordinal) { ["algorithm"] = "ZLIB" };
            if (compression.Level is { } level)
            {
                c["level"] = level;
            }

            if (compression.ChunkSize is { } chunkSize)
            {
                c["chunkSize"] = chunkSize;
            }

            json["compression"] = c;
        }

        if (options.Encryption is { } encryption)
        {
            var e = new Dictionary<string, object>(StringComparer.Ordinal) { ["algorithm"] = "AES_256_GCM" };
            if (encryption.ChunkSize is { } chunkSize)
            {
                e["chunkSize"] = chunkSize;
            }

            json["encryption"] = e;
        }

        return json;
    }

    /// <summary>The single range asked for as <c>[from, to]</c> (inclusive), null for the whole file, or false when unsatisfiable.</summary>
    private static bool TryResolveRange(string? header, long size, out (long From, long To)? range)
    {
        range = null;
        if (string.IsNullOrEmpty(header))
        {
            return true;
        }

        if (!RangeHeaderValue.TryParse(header, out var parsed) || parsed.Unit != "bytes" || parsed.Ranges.Count != 1)
        {
            // Not one byte range: served whole, as a server ignores a Range it does not understand.
            return true;
        }

        var item = parsed.Ranges.Single();
        if (item.From is { } from)
        {
            if (from >= size)
            {
                return false;
            }

            range = (from, Math.Min(item.To ?? (size - 1), size - 1));
            return true;
        }

        var suffix = item.To ?? 0;
        if (suffix == 0 || size == 0)
        {
            return false;
        }

        range = (Math.Max(0, size - suffix), size - 1);
        return true;
    }

    private static async Task ReadPartOfBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var want = Math.Max(1, (context.Request.ContentLength ?? (2 * WriteBlock)) / 2);
        var buffer = new byte[8192];
        long read = 0;
        while (read < want)
        {
            var count = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, want - read)), cancellationToken);
            if (count == 0)
            {
                break;
            }

            read += count;
        }
    }

    private static FileDag BuildDag(string name, UploadOptions options, byte[] bytes, bool extraByte = false)
    {
        var builder = new FileDagBuilder(name, options);
        builder.Append(bytes);
        if (extraByte)
        {
            builder.Append([0x5a]);
        }

        return builder.Finish();
    }

    private async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Requests held by a Delay end when the fake stops; nothing else should keep it waiting.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        _app = builder.Build();

        var api = _app.MapGroup("/api");
        api.MapGet("accounts/@me", Serve(FakeRoute.Account, AccountAsync));
        api.MapPost("uploads/file", Serve(FakeRoute.Create, CreateAsync));
        api.MapPost("uploads/file/{id}/chunk", Serve(FakeRoute.Chunk, ChunkAsync));
        api.MapPost("uploads/{id}/complete", Serve(FakeRoute.Complete, CompleteAsync));
        api.MapGet("downloads/{cid}", Serve(FakeRoute.Download, DownloadAsync));
        api.MapGet("objects/{cid}/status", Serve(FakeRoute.Status, StatusAsync));
        api.MapGet("objects/{cid}/metadata", Serve(FakeRoute.Metadata, MetadataAsync));

        await _app.StartAsync();
        ApiEndpoint = new Uri(new Uri(_app.Urls.Single()), "/api");
    }

    private TimeSpan Elapsed() => TimeProvider.System.GetElapsedTime(_started);

    private Fault? TakeFault(FakeRoute route)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(candidate => candidate.Route == route && candidate.Remaining > 0);
            if (rule is null)
            {
                return null;
            }

            if (rule.Remaining != int.MaxValue)
            {
                rule.Remaining--;
            }

            return rule.Fault;
        }
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var provider = request.Headers["X-Auth-Provider"].ToString();
        return string.Equals(request.Headers.Authorization.ToString(), "Bearer " + ApiKey, StringComparison.Ordinal)
            && (provider.Length == 0 || string.Equals(provider, "apikey", StringComparison.Ordinal));
    }

    /// <summary>Logs the request, checks the key, applies the route's next fault, and serves the rest.</summary>
    private RequestDelegate Serve(FakeRoute route, Func<HttpContext, FakeRequest, CancellationToken, Task> handler) => async context =>
    {
        var range = context.Request.Headers.Range.ToString();
        var entry = new FakeRequest(route, context.Request.Method, context.Request.Path, range.Length == 0 ? null : range, DateTimeOffset.UtcNow, Elapsed());
        lock (_gate)
        {
            _log.Add(entry);
        }

        context.Response.OnStarting(() =>
        {
            entry.RespondedAt = Elapsed();
            return Task.CompletedTask;
        });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var cancellationToken = linked.Token;
        try
        {
            if (!IsAuthorized(context.Request))
            {
                await ProblemAsync(context, 401, "Unauthorized", cancellationToken);
                return;
            }

            var fault = TakeFault(route);
            entry.Fault = fault;
            switch (fault?.Kind)
            {
                case FaultKind.Status:
                    await ProblemAsync(context, fault.StatusCode, "Injected fault", cancellationToken);
                    return;
                case FaultKind.TooManyRequests:
                    context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    await ProblemAsync(context, 429, "Too many requests", cancellationToken);
                    return;
                case FaultKind.Unauthorized:
                    await ProblemAsync(context, 401, "Unauthorized", cancellationToken);
                    return;
                case FaultKind.ResetMidBody:
                    await ReadPartOfBodyAsync(context, cancellationToken);
                    entry.Aborted = true;
                    context.Abort();
                    return;
                case FaultKind.Delay:
                    await Task.Delay(fault.Duration, cancellationToken);
                    break;
                default:
                    break;
            }

            await handler(context, entry, cancellationToken);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away (gave up on a slow answer, or its attempt timed out): nothing more to serve.
            entry.Aborted = true;
        }
        finally
        {
            entry.StatusCode = entry.Aborted ? null : context.Response.StatusCode;
        }
    };

    private Task AccountAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken) =>
        JsonAsync(
            context,
            new
            {
                id = "x",
                uploadLimit = (long?)null,
                downloadLimit = (long?)null,
                model = "one_off",
                pendingUploadCredits = (long?)null,
                pendingDownloadCredits = (long?)null,
            },
            cancellationToken);

    private async Task CreateAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken)
    {
        string name;
        string? mimeType;
        UploadOptions options;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            var root = body.RootElement;
            name = root.TryGetProperty("filename", out var filename) && filename.ValueKind == JsonValueKind.String
                ? filename.GetString()!
                : throw new FormatException("filename is required.");
            mimeType = root.TryGetProperty("mimeType", out var mime) && mime.ValueKind == JsonValueKind.String ? mime.GetString() : null;
            options = ParseOptions(root.TryGetProperty("uploadOptions", out var uploadOptions) ? uploadOptions : default);
            DagName.Encode(name);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            await ProblemAsync(context, 400, exception.Message, cancellationToken);
            return;
        }

        var id = Guid.NewGuid().ToString("N");
        _uploads[id] = new Upload(name, mimeType, options);
        await JsonAsync(
            context,
            new
            {
                id,
                rootId = id,
                relativeId = (string?)null,
                type = "file",
                status = "pending",
                fileTree = (object?)null,
                name,
                mimeType,
                oauthProvider = "apikey",
                oauthUserId = "x",
                uploadOptions = OptionsJson(options),
            },
            cancellationToken);
    }

    private async Task ChunkAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken)
    {
        if (!_uploads.TryGetValue(RouteValue(context, "id"), out var upload))
        {
            await ProblemAsync(context, 404, "Upload not found", cancellationToken);
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await ProblemAsync(context, 400, "Chunks are multipart/form-data", cancellationToken);
            return;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        if (file is null
            || !int.TryParse(form["index"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index > 99_999)
        {
            await ProblemAsync(context, 400, "A chunk is a file part 'file' and a field 'index' (0 to 99,999)", cancellationToken);
            return;
        }

        entry.ChunkIndex = index;
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        bool accepted;
        lock (upload)
        {
            accepted = upload.Cid is null
                && (!upload.Chunks.TryGetValue(index, out var taken) || taken.AsSpan().SequenceEqual(bytes));
            if (accepted)
            {
                upload.Chunks[index] = bytes;
            }
        }

        if (!accepted)
        {
            await ProblemAsync(context, 400, "The upload is completed, or this index holds other bytes", cancellationToken);
            return;
        }

        await JsonAsync(context, new { message = "Chunk uploaded" }, cancellationToken);
    }

    private async Task CompleteAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken)
    {
        if (!_uploads.TryGetValue(RouteValue(context, "id"), out var upload))
        {
            await ProblemAsync(context, 404, "Upload not found", cancellationToken);
            return;
        }

        string? cid;
        lock (upload)
        {
            cid = upload.Cid;
            if (cid is null && upload.Chunks.Keys.Select((index, position) => index == position).All(contiguous => contiguous))
            {
                var content = upload.Chunks.Values.SelectMany(chunk => chunk).ToArray();
                if (entry.Fault?.Kind == FaultKind.WrongCid)
                {
                    // A valid CID, but of other bytes; the upload stays open and nothing is stored.
                    cid = BuildDag(upload.Name, upload.Options, content, extraByte: true).RootCid.Value;
                }
                else
                {
                    var dag = BuildDag(upload.Name, upload.Options, content);
                    _files.TryAdd(dag.RootCid.Value, new StoredFile(upload.Name, upload.MimeType, upload.Options, content, dag));
                    upload.Cid = cid = dag.RootCid.Value;
                }
            }
        }

        if (cid is null)
        {
            await ProblemAsync(context, 400, "A chunk index is missing", cancellationToken);
            return;
        }

        await JsonAsync(context, new { cid }, cancellationToken);
    }

    private async Task DownloadAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken)
    {
        if (await FindAsync(context, cancellationToken) is not { } file)
        {
            return;
        }

        var size = file.Bytes.LongLength;
        if (!TryResolveRange(entry.Range, size, out var range))
        {
            context.Response.Headers.ContentRange = $"bytes */{size}";
            await ProblemAsync(context, 416, "Range not satisfiable", cancellationToken);
            return;
        }

        var (from, to) = range ?? (0, size - 1);
        var length = to - from + 1;
        var response = context.Response;
        response.StatusCode = range is null ? 200 : 206;
        response.ContentType = "application/octet-stream";
        response.ContentLength = length;
        response.Headers.AcceptRanges = "bytes";
        if (range is not null)
        {
            response.Headers.ContentRange = $"bytes {from}-{to}/{size}";
        }

        // A truncated download promises the whole range and sends half of it.
        var send = entry.Fault?.Kind == FaultKind.TruncatedDownload ? length / 2 : length;
        await response.StartAsync(cancellationToken);
        for (long sent = 0; sent < send;)
        {
            var count = (int)Math.Min(WriteBlock, send - sent);
            await response.Body.WriteAsync(file.Bytes.AsMemory((int)(from + sent), count), cancellationToken);
            sent += count;
            entry.BytesServed = sent;
        }

        if (send < length)
        {
            await response.Body.FlushAsync(cancellationToken);
            entry.Aborted = true;
            context.Abort();
        }
    }

    private async Task StatusAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken)
    {
        if (await FindAsync(context, cancellationToken) is not { } file)
        {
            return;
        }

        var nodes = file.Dag.NodeCount;
        await JsonAsync(
            context,
            new { uploadedNodes = nodes, totalNodes = nodes, archivedNodes = nodes, minimumBlockDepth = 1000L, maximumBlockDepth = 1000L },
            cancellationToken);
    }

    /// <summary>A file's metadata; its chunks are its data nodes in content order (a single-node file: that node).</summary>
    private async Task MetadataAsync(HttpContext context, FakeRequest entry, CancellationToken cancellationToken)
    {
        if (await FindAsync(context, cancellationToken) is not { } file)
        {
            return;
        }

        var dag = file.Dag;
        var chunks = dag.IsSingleNode
            ? [new { size = dag.Size, cid = dag.RootCid.Value }]
            : dag.ChunkCids
                .Select((cid, i) => new { size = Math.Min(DagLimits.ChunkSize, dag.Size - ((long)i * DagLimits.ChunkSize)), cid = cid.Value })
                .ToArray();
        await JsonAsync(
            context,
            new
            {
                type = "file",
                dataCid = dag.RootCid.Value,
                name = file.Name,
                mimeType = file.MimeType,
                totalSize = dag.Size,
                totalChunks = chunks.Length,
                chunks,
                uploadOptions = OptionsJson(file.Options),
            },
            cancellationToken);
    }

    /// <summary>The file named by the route's <c>cid</c>, or null after answering 400 (not a CID) or 404.</summary>
    private async Task<StoredFile?> FindAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var cid = RouteValue(context, "cid");
        if (!Cid.IsValid(cid))
        {
            await ProblemAsync(context, 400, "Not a CID", cancellationToken);
            return null;
        }

        if (!_files.TryGetValue(cid, out var file))
        {
            await ProblemAsync(context, 404, "Not found", cancellationToken);
            return null;
        }

        return file;
    }

    private sealed class Rule(FakeRoute route, Fault fault, int remaining)
    {
        public FakeRoute Route { get; } = route;

        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }

    private sealed class Upload(string name, string? mimeType, UploadOptions options)
    {
        public string Name { get; } = name;

        public string? MimeType { get; } = mimeType;

        public UploadOptions Options { get; } = options;

        /// <summary>The chunks received, by index (guarded by locking the upload).</summary>
        public SortedDictionary<int, byte[]> Chunks { get; } = [];

        /// <summary>Set once completed.</summary>
        public string? Cid { get; set; }
    }

    private sealed record StoredFile(string Name, string? MimeType, UploadOptions Options, byte[] Bytes, FileDag Dag);
}
