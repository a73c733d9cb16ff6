// The raw Kestrel ceiling for benchmarks/compare.sh: a minimal ASP.NET Core app that does the least an S3-shaped
// server must do, so the comparison shows what the platform (Kestrel, the file system, this machine) can give.
//
//   ASPNETCORE_URLS=http://127.0.0.1:PORT dotnet RawKestrel.dll <data directory>
//
// Path-style /bucket/key. PUT streams the body to the key's file and fsyncs it once per object; GET serves the file
// with SendFileAsync; a multipart upload writes each part to its own fsynced file and Complete concatenates them into
// the object (one more fsync); ListObjectsV2 (prefix, delimiter, continuation) pages through an in-memory sorted index
// of each bucket's keys (KeyIndex), kept on PUT and Complete and rebuilt from the directory at start, so a page costs
// O(page × log n) whatever the bucket's size: a listing's ceiling is what the platform can do with an index, not a
// directory scan. No hashes, no ETags, no metadata, no authentication: a ceiling, not a store. Keys map to paths under
// the bucket's directory (the load generator's keys are plain ASCII without "..").
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Text;
using RawKestrel;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: RawKestrel <data directory>");
    return 2;
}

var root = Path.GetFullPath(args[0]);
Directory.CreateDirectory(root);
var uploads = Path.Combine(root, ".uploads");
Directory.CreateDirectory(uploads);
var indexes = new ConcurrentDictionary<string, KeyIndex>(StringComparer.Ordinal);
foreach (var dir in new DirectoryInfo(root).EnumerateDirectories().Where(d => !d.Name.StartsWith('.')))
{
    var index = indexes[dir.Name] = new KeyIndex();
    foreach (var file in dir.EnumerateFiles("*", SearchOption.AllDirectories))
    {
        index.Set(Path.GetRelativePath(dir.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/'), file.Length);
    }
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
var app = builder.Build();

app.Run(async context =>
{
    var request = context.Request;
    var response = context.Response;
    var ct = context.RequestAborted;
    var path = request.Path.Value ?? "/";
    var slash = path.IndexOf('/', 1);
    var bucket = slash < 0 ? path[1..] : path[1..slash];
    var key = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
    if (bucket.Length == 0 || bucket.StartsWith('.') || key.Contains("..", StringComparison.Ordinal))
    {
        response.StatusCode = 400;
        return;
    }

    var bucketDir = Path.Combine(root, bucket);
    var query = request.Query;
    if (key.Length == 0)
    {
        if (HttpMethods.IsPut(request.Method))
        {
            Directory.CreateDirectory(bucketDir);
            indexes.GetOrAdd(bucket, _ => new KeyIndex());
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            if (!indexes.TryGetValue(bucket, out var index))
            {
                response.StatusCode = 404;
                return;
            }

            await ListAsync(context, bucket, index);
            return;
        }

        response.StatusCode = 405;
        return;
    }

    var file = Path.Combine(bucketDir, key);
    if (HttpMethods.IsPut(request.Method))
    {
        if (query.TryGetValue("uploadId", out var uploadId) && query.TryGetValue("partNumber", out var partNumber))
        {
            var partDir = Path.Combine(uploads, Path.GetFileName(uploadId.ToString()));
            if (!Directory.Exists(partDir))
            {
                response.StatusCode = 404;
                return;
            }

            await WriteDurablyAsync(request.Body, Path.Combine(partDir, int.Parse(partNumber.ToString(), CultureInfo.InvariantCulture).ToString("D5", CultureInfo.InvariantCulture)), ct);
            return;
        }

        if (!indexes.TryGetValue(bucket, out var bucketIndex))
        {
            response.StatusCode = 404;
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // Indexed once durable, so a listing never names a key whose PUT has not been answered.
        bucketIndex.Set(key, await WriteDurablyAsync(request.Body, file, ct));
        return;
    }

    if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentLength = info.Length;
        response.ContentType = "application/octet-stream";
        if (HttpMethods.IsGet(request.Method))
        {
            await response.SendFileAsync(file, ct);
        }

        return;
    }

    if (HttpMethods.IsPost(request.Method))
    {
        if (query.ContainsKey("uploads"))
        {
            var id = Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(Path.Combine(uploads, id));
            await WriteXmlAsync(response, $"<InitiateMultipartUploadResult><Bucket>{bucket}</Bucket><Key>{SecurityElement.Escape(key)}</Key><UploadId>{id}</UploadId></InitiateMultipartUploadResult>", ct);
            return;
        }

        if (query.TryGetValue("uploadId", out var completeId))
        {
            var partDir = Path.Combine(uploads, Path.GetFileName(completeId.ToString()));
            if (!Directory.Exists(partDir))
            {
                response.StatusCode = 404;
                return;
            }

            // The part list in the body is not checked: the parts on disk, in part-number order, are the object.
            await request.Body.CopyToAsync(Stream.Null, ct);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var size = await ConcatenateDurablyAsync(Directory.GetFiles(partDir).Order(StringComparer.Ordinal), file, ct);
            Directory.Delete(partDir, recursive: true);
            indexes.GetOrAdd(bucket, _ => new KeyIndex()).Set(key, size);
            await WriteXmlAsync(response, $"<CompleteMultipartUploadResult><Bucket>{bucket}</Bucket><Key>{SecurityElement.Escape(key)}</Key></CompleteMultipartUploadResult>", ct);
            return;
        }
    }

    response.StatusCode = 405;
});

await app.RunAsync();
return 0;

static async Task<long> WriteDurablyAsync(Stream body, string file, CancellationToken ct)
{
    await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    try
    {
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }

    output.Flush(flushToDisk: true);
    return output.Length;
}

static async Task<long> ConcatenateDurablyAsync(IEnumerable<string> parts, string file, CancellationToken ct)
{
    await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    foreach (var part in parts)
    {
        await using var input = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await input.CopyToAsync(output, 1 << 20, ct);
    }

    output.Flush(flushToDisk: true);
    return output.Length;
}

static async Task WriteXmlAsync(HttpResponse response, string xml, CancellationToken ct)
{
    response.ContentType = "application/xml";
    await response.WriteAsync(xml, Encoding.UTF8, ct);
}

// ListObjectsV2 (list-type=2) with prefix, delimiter, max-keys, continuation-token and start-after, from the bucket's
// index. The continuation token is the last key or common prefix of the page, in the clear: a ceiling needs no more.
static async Task ListAsync(HttpContext context, string bucket, KeyIndex index)
{
    var query = context.Request.Query;
    if (!query["list-type"].ToString().Equals("2", StringComparison.Ordinal))
    {
        context.Response.StatusCode = 501;
        return;
    }

    var prefix = query["prefix"].ToString();
    var delimiter = query["delimiter"].ToString();
    var maxKeys = query.TryGetValue("max-keys", out var mk) ? Math.Clamp(int.Parse(mk.ToString(), CultureInfo.InvariantCulture), 0, 1000) : 1000;
    var after = query.TryGetValue("continuation-token", out var token) ? token.ToString() : query["start-after"].ToString();
    var page = index.Page(prefix, delimiter, after, maxKeys);

    var xml = new StringBuilder();
    xml.Append(CultureInfo.InvariantCulture, $"<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>{bucket}</Name><Prefix>{SecurityElement.Escape(prefix)}</Prefix>");
    if (delimiter.Length > 0)
    {
        xml.Append(CultureInfo.InvariantCulture, $"<Delimiter>{SecurityElement.Escape(delimiter)}</Delimiter>");
    }

    xml.Append(CultureInfo.InvariantCulture, $"<MaxKeys>{maxKeys}</MaxKeys><KeyCount>{page.Entries.Count}</KeyCount><IsTruncated>{(page.Truncated ? "true" : "false")}</IsTruncated>");
    if (page.Truncated)
    {
        xml.Append(CultureInfo.InvariantCulture, $"<NextContinuationToken>{SecurityElement.Escape(page.Entries[^1].Name)}</NextContinuationToken>");
    }

    foreach (var (name, isPrefix, size) in page.Entries)
    {
        if (isPrefix)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<CommonPrefixes><Prefix>{SecurityElement.Escape(name)}</Prefix></CommonPrefixes>");
        }
        else
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Contents><Key>{SecurityElement.Escape(name)}</Key><Size>{size}</Size></Contents>");
        }
    }

    xml.Append("</ListBucketResult>");
    await WriteXmlAsync(context.Response, xml.ToString(), context.RequestAborted);
}
