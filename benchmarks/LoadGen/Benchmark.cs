using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace LoadGen;

/// <summary>
/// Runs every phase against one target. Every response is checked (status; ETag against the MD5 the generator computed;
/// GET bodies against what was written; listing key counts), and a phase with any failed check is reported as failed,
/// so a server that answers fast but wrong cannot look fast. Only checked successes count towards a rate.
/// </summary>
internal sealed class Benchmark(Options options, SigV4Signer signer, RssSampler? rss)
{
    private const int SmallSize = 4096;
    private const string Bucket = "bench";
    private const string SmallPrefix = "small/";
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly List<StoredKey> _stored = [];
    private long _sequence;

    public List<PhaseResult> Phases { get; } = [];

    public async Task RunAsync(CancellationToken ct)
    {
        await CreateBucketAndWarmUpAsync(ct);
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        Record(await SmallPutAsync("put_4k_1", 1, duration, null, SmallPrefix, _stored, ct));
        Record(await SmallPutAsync("put_4k_32", 32, duration, null, SmallPrefix, _stored, ct));
        if (_stored.Count < options.ListKeys)
        {
            // Seeding for the listing phase (not a rate to compare; its time is in the JSON).
            Record(await SmallPutAsync("seed", 32, TimeSpan.MaxValue, options.ListKeys, SmallPrefix, _stored, ct));
        }

        Record(await SmallGetAsync("get_4k_1", 1, duration, _stored, ct));
        Record(await SmallGetAsync("get_4k_32", 32, duration, _stored, ct));
        Record(await ListAsync(ct));
        Record(await LargePutAsync(ct));
        Record(await LargeGetAsync(ct));
        Record(await MultipartAsync(ct));
    }

    /// <summary>
    /// The memory probe (compare.sh --memory): one PUT of a generated object of the given size, streamed (so the
    /// server's memory, not the generator's, is what grows if the server buffers), then 64 clients of 4 KiB PUT and
    /// 64 clients of 4 KiB GET for the duration each. Each phase's peak memory is the figure that matters.
    /// </summary>
    public async Task RunMemoryAsync(long largeBytes, CancellationToken ct)
    {
        await CreateBucketAndWarmUpAsync(ct);
        Record(await GeneratedPutAsync(largeBytes, ct));
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        Record(await SmallPutAsync("put_4k_64", 64, duration, null, SmallPrefix, _stored, ct));
        Record(await SmallGetAsync("get_4k_64", 64, duration, _stored, ct));
    }

    private async Task CreateBucketAndWarmUpAsync(CancellationToken ct)
    {
        using (var client = NewClient(1))
        {
            using var request = client.Request(HttpMethod.Put, Bucket, null);
            using var response = await client.SendAsync(request, ct);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
            {
                throw new InvalidOperationException("CreateBucket answered " + (int)response.StatusCode);
            }
        }

        // Warm-up, the same for every target and not recorded (its keys stay out of the listed prefix): JIT tiering
        // of .NET servers, connection pools, a database's first pages. 5 s at 32 clients each way: with 1 s at 4
        // clients, the first measured phases still ran partly unoptimised code on 2 cores.
        var warmKeys = new List<StoredKey>();
        await SmallPutAsync("warm-up", 32, TimeSpan.FromSeconds(5), null, "warm/", warmKeys, ct);
        await SmallGetAsync("warm-up", 32, TimeSpan.FromSeconds(5), warmKeys, ct);
        rss?.TakePhasePeak();
    }

    private void Record(PhaseResult phase)
    {
        if (rss is not null)
        {
            (phase.PeakRssMiB, phase.PeakTreePssMiB) = rss.TakePhasePeak();
        }

        Phases.Add(phase);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {options.Name,-10} {phase.Name,-10} ops {phase.Ops,7} errors {phase.Errors,4}  {phase.OpsPerSecond,9:F0} op/s  p50 {phase.P50Ms,7:F2} ms  p99 {phase.P99Ms,7:F2} ms  {phase.MegabytesPerSecond,7:F0} MB/s  rss {phase.PeakRssMiB:F0} MiB, tree pss {phase.PeakTreePssMiB:F0} MiB {phase.FirstError}"));
    }

    private S3Client NewClient(int connections) => new(options.Endpoint, signer, connections);

    private async Task<PhaseResult> SmallPutAsync(string name, int clients, TimeSpan duration, long? untilCount, string prefix, List<StoredKey> store, CancellationToken ct)
    {
        using var client = NewClient(clients);
        var result = new PhaseResult { Name = name, Clients = clients };
        var latencies = new List<double>[clients];
        var errors = new Errors(result);
        var clock = Stopwatch.StartNew();
        bool More()
        {
            if (errors.TooMany)
            {
                return false;
            }

            if (untilCount is { } target)
            {
                lock (store)
                {
                    return store.Count < target;
                }
            }

            return clock.Elapsed < duration;
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var body = new byte[SmallSize];
            Random.Shared.NextBytes(body);
            var own = latencies[c] = [];
            while (More())
            {
                // Every object's content is unique (a run-wide sequence number in its first bytes), so a
                // content-addressed store cannot skip writing a body it has already seen.
                var sequence = Interlocked.Increment(ref _sequence);
                BinaryPrimitives.WriteInt64LittleEndian(body, sequence);
                var md5 = Convert.ToHexStringLower(MD5.HashData(body));
                var key = string.Create(CultureInfo.InvariantCulture, $"{prefix}o{sequence:D8}");
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var request = client.Request(HttpMethod.Put, Bucket, key);
                    request.Content = new ByteArrayContent(body);
                    using var response = await client.SendAsync(request, ct);
                    var problem = CheckEtag(response, md5, options.EtagRequired);
                    own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (problem is not null)
                    {
                        errors.Add("PUT " + key + ": " + problem);
                        continue;
                    }
                }
                catch (HttpRequestException e)
                {
                    errors.Add("PUT " + key + ": " + e.Message);
                    continue;
                }

                lock (store)
                {
                    store.Add(new StoredKey(key, md5));
                }
            }
        }, ct)));
        return Summarise(result, latencies, clock.Elapsed);
    }

    private async Task<PhaseResult> SmallGetAsync(string name, int clients, TimeSpan duration, List<StoredKey> store, CancellationToken ct)
    {
        using var client = NewClient(clients);
        var result = new PhaseResult { Name = name, Clients = clients };
        StoredKey[] keys;
        lock (store)
        {
            keys = [.. store];
        }

        var latencies = new List<double>[clients];
        var errors = new Errors(result);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var own = latencies[c] = [];
            while (clock.Elapsed < duration && !errors.TooMany && keys.Length > 0)
            {
                var stored = keys[Random.Shared.Next(keys.Length)];
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var request = client.Request(HttpMethod.Get, Bucket, stored.Key);
                    using var response = await client.SendAsync(request, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors.Add("GET " + stored.Key + ": status " + (int)response.StatusCode);
                    }
                    else if (body.Length != SmallSize || !Convert.ToHexStringLower(MD5.HashData(body)).Equals(stored.Md5, StringComparison.Ordinal))
                    {
                        errors.Add("GET " + stored.Key + ": body differs from what was written");
                    }
                }
                catch (HttpRequestException e)
                {
                    errors.Add("GET " + stored.Key + ": " + e.Message);
                }
            }
        }, ct)));
        if (keys.Length == 0)
        {
            errors.Add("no stored keys to read");
        }

        return Summarise(result, latencies, clock.Elapsed);
    }

    private async Task<PhaseResult> ListAsync(CancellationToken ct)
    {
        using var client = NewClient(1);
        var result = new PhaseResult { Name = "list", Clients = 1 };
        var errors = new Errors(result);
        var latencies = new List<double>();
        HashSet<string> expected;
        lock (_stored)
        {
            expected = new HashSet<string>(_stored.Select(s => s.Key), StringComparer.Ordinal);
        }

        string? foreignNamespace = null;
        var clock = Stopwatch.StartNew();
        for (var pass = 0; pass < options.ListPasses && !errors.TooMany; pass++)
        {
            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var duplicates = 0;
            string? previous = null;
            var unordered = 0;
            while (!errors.TooMany)
            {
                var query = new List<(string, string)> { ("list-type", "2"), ("prefix", SmallPrefix), ("delimiter", "/"), ("max-keys", "1000") };
                if (token is not null)
                {
                    query.Add(("continuation-token", token));
                }

                var start = Stopwatch.GetTimestamp();
                using var request = client.Request(HttpMethod.Get, Bucket, null, [.. query]);
                using var response = await client.SendAsync(request, ct);
                var xml = await response.Content.ReadAsStringAsync(ct);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors.Add("ListObjectsV2: status " + (int)response.StatusCode + " " + xml[..Math.Min(200, xml.Length)]);
                    break;
                }

                // Elements are matched by local name: S3 answers in its 2006-03-01 namespace, but s3rver 3.7.1 declares
                // another one (xmlns="http://doc.s3.amazonaws.com/2006-03-01/", the path and host swapped), which the
                // SDKs never look at. Matching S3's namespace strictly found no <Contents> in s3rver's pages at all, so
                // the namespace is recorded in the phase's note instead of failing the listing.
                var root = XDocument.Parse(xml).Root!;
                if (root.Name.NamespaceName != S3.NamespaceName)
                {
                    foreignNamespace = root.Name.NamespaceName;
                }

                var keys = 0;
                foreach (var contents in Children(root, "Contents"))
                {
                    var key = Children(contents, "Key").FirstOrDefault()?.Value ?? "";
                    keys++;
                    if (!seen.Add(key))
                    {
                        duplicates++;
                    }

                    if (previous is not null && string.CompareOrdinal(previous, key) >= 0)
                    {
                        unordered++;
                    }

                    previous = key;
                }

                var prefixes = Children(root, "CommonPrefixes").Count();
                token = Children(root, "NextContinuationToken").FirstOrDefault()?.Value;
                var truncated = string.Equals(Children(root, "IsTruncated").FirstOrDefault()?.Value, "true", StringComparison.OrdinalIgnoreCase);
                if (keys + prefixes > 1000 || prefixes > 0 || (truncated && (keys == 0 || token is null)))
                {
                    // small/ holds only keys without a further '/', so a common prefix here is a wrong answer.
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"ListObjectsV2: page of {keys} keys and {prefixes} common prefixes, truncated {truncated}, token {token}"));
                    break;
                }

                if (!truncated)
                {
                    break;
                }
            }

            var missing = expected.Count(k => !seen.Contains(k));
            var extra = seen.Count(k => !expected.Contains(k));
            if (missing > 0 || extra > 0 || duplicates > 0 || unordered > 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"ListObjectsV2: listed {seen.Count} distinct keys of {expected.Count} written ({missing} missing, {extra} never written, {duplicates} repeated, {unordered} out of order)"));
            }
        }

        if (foreignNamespace is not null)
        {
            result.Note = "answers in XML namespace " + foreignNamespace + " (S3's is " + S3.NamespaceName + "); elements matched by local name";
        }

        return Summarise(result, [latencies], clock.Elapsed);
    }

    private static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    private async Task<PhaseResult> LargePutAsync(CancellationToken ct)
    {
        var blob = options.Blob!;
        using var client = NewClient(1);
        var result = new PhaseResult { Name = "put_large", Clients = 1 };
        var errors = new Errors(result);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = client.Request(HttpMethod.Put, Bucket, "large/blob.bin");
            request.Content = new FileSliceContent(blob.Path, 0, blob.Size);
            using var response = await client.SendAsync(request, ct);
            var problem = CheckEtag(response, blob.Md5, options.EtagRequired);
            if (problem is not null)
            {
                errors.Add("PUT large: " + problem);
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add("PUT large: " + e.Message);
        }

        return Throughput(result, blob.Size, clock.Elapsed);
    }

    private async Task<PhaseResult> GeneratedPutAsync(long bytes, CancellationToken ct)
    {
        using var client = NewClient(1);
        var result = new PhaseResult { Name = "put_generated", Clients = 1 };
        var errors = new Errors(result);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = client.Request(HttpMethod.Put, Bucket, "large/generated.bin");
            var content = new GeneratedContent(bytes, options.EtagRequired);
            request.Content = content;
            using var response = await client.SendAsync(request, ct);
            var problem = CheckEtag(response, content.Md5 ?? "", options.EtagRequired);
            if (problem is not null)
            {
                errors.Add("PUT generated: " + problem);
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add("PUT generated: " + e.Message);
        }

        return Throughput(result, bytes, clock.Elapsed);
    }

    private async Task<PhaseResult> LargeGetAsync(CancellationToken ct)
    {
        var blob = options.Blob!;
        using var client = NewClient(1);
        var result = new PhaseResult { Name = "get_large", Clients = 1 };
        var errors = new Errors(result);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var expected = ArrayPool<byte>.Shared.Rent(1 << 20);
        var clock = Stopwatch.StartNew();
        try
        {
            using var file = File.OpenHandle(blob.Path);
            using var request = client.Request(HttpMethod.Get, Bucket, "large/blob.bin");
            using var response = await client.SendAsync(request, ct, streamResponse: true);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors.Add("GET large: status " + (int)response.StatusCode);
            }
            else
            {
                // Compared with the file as it arrives (a memory compare costs far less than hashing at GB/s).
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                long offset = 0;
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(), ct)) > 0)
                {
                    var want = offset + read > blob.Size ? 0 : RandomAccess.Read(file, expected.AsSpan(0, read), offset);
                    if (want != read || !buffer.AsSpan(0, read).SequenceEqual(expected.AsSpan(0, read)))
                    {
                        errors.Add(string.Create(CultureInfo.InvariantCulture, $"GET large: bytes differ near offset {offset}"));
                        break;
                    }

                    offset += read;
                }

                if (offset != blob.Size && result.Errors == 0)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"GET large: {offset} bytes received, {blob.Size} written"));
                }
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add("GET large: " + e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(expected);
        }

        return Throughput(result, blob.Size, clock.Elapsed);
    }

    private async Task<PhaseResult> MultipartAsync(CancellationToken ct)
    {
        const string key = "large/multipart.bin";
        var blob = options.Blob!;
        var parts = blob.PartMd5s.Count;
        using var client = NewClient(options.MultipartStreams);
        var result = new PhaseResult { Name = "multipart", Clients = options.MultipartStreams };
        var errors = new Errors(result);
        var clock = Stopwatch.StartNew();
        try
        {
            string uploadId;
            using (var request = client.Request(HttpMethod.Post, Bucket, key, ("uploads", "")))
            using (var response = await client.SendAsync(request, ct))
            {
                var xml = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors.Add("CreateMultipartUpload: status " + (int)response.StatusCode);
                    return Throughput(result, blob.Size, clock.Elapsed);
                }

                uploadId = XDocument.Parse(xml).Root!.Elements().First(e => e.Name.LocalName == "UploadId").Value;
            }

            var etags = new string[parts];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, options.MultipartStreams).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < parts && !errors.TooMany)
                {
                    var number = (index + 1).ToString(CultureInfo.InvariantCulture);
                    var offset = index * blob.PartSize;
                    using var request = client.Request(HttpMethod.Put, Bucket, key, ("partNumber", number), ("uploadId", uploadId));
                    request.Content = new FileSliceContent(blob.Path, offset, Math.Min(blob.PartSize, blob.Size - offset));
                    using var response = await client.SendAsync(request, ct);
                    var problem = CheckEtag(response, blob.PartMd5s[index], options.EtagRequired);
                    if (problem is not null)
                    {
                        errors.Add("UploadPart " + number + ": " + problem);
                    }

                    etags[index] = response.Headers.ETag?.Tag ?? "\"" + blob.PartMd5s[index] + "\"";
                }
            }, ct)));
            if (result.Errors > 0)
            {
                return Throughput(result, blob.Size, clock.Elapsed);
            }

            var complete = new StringBuilder("<CompleteMultipartUpload>");
            for (var i = 0; i < parts; i++)
            {
                complete.Append(CultureInfo.InvariantCulture, $"<Part><PartNumber>{i + 1}</PartNumber><ETag>{etags[i]}</ETag></Part>");
            }

            complete.Append("</CompleteMultipartUpload>");
            using (var request = client.Request(HttpMethod.Post, Bucket, key, ("uploadId", uploadId)))
            {
                request.Content = new StringContent(complete.ToString(), Encoding.UTF8, "application/xml");
                using var response = await client.SendAsync(request, ct);
                var xml = await response.Content.ReadAsStringAsync(ct);
                // S3 may answer 200 and put the error in the body, so the body is checked as well.
                var root = response.StatusCode == HttpStatusCode.OK ? XDocument.Parse(xml).Root : null;
                // CompleteMultipartUploadResult (moto says ...Response); an <Error> root is S3's 200-with-an-error.
                if (root is null || !root.Name.LocalName.StartsWith("CompleteMultipartUpload", StringComparison.Ordinal))
                {
                    errors.Add("CompleteMultipartUpload: status " + (int)response.StatusCode + " " + xml[..Math.Min(200, xml.Length)]);
                }
                else
                {
                    var composite = Convert.ToHexStringLower(MD5.HashData(Convert.FromHexString(string.Concat(blob.PartMd5s))))
                        + "-" + parts.ToString(CultureInfo.InvariantCulture);
                    var etag = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value.Trim('"');
                    // S3's composite ETag, md5(part MD5s)-N; s3rver answers the whole object's MD5 instead, which
                    // identifies the content as well, so both are accepted.
                    if ((etag is not null || options.EtagRequired) && etag != composite && etag != blob.Md5)
                    {
                        errors.Add("CompleteMultipartUpload: ETag " + etag + ", expected " + composite + " or " + blob.Md5);
                    }
                }
            }

            clock.Stop();
            using (var request = client.Request(HttpMethod.Head, Bucket, key))
            using (var response = await client.SendAsync(request, ct))
            {
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength != blob.Size)
                {
                    errors.Add("HEAD after multipart: status " + (int)response.StatusCode + ", length " + response.Content.Headers.ContentLength);
                }
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add("multipart: " + e.Message);
        }

        return Throughput(result, blob.Size, clock.Elapsed);
    }

    private static string? CheckEtag(HttpResponseMessage response, string md5, bool required)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return "status " + (int)response.StatusCode;
        }

        var etag = response.Headers.ETag?.Tag.Trim('"');
        if (etag is null)
        {
            return required ? "no ETag" : null;
        }

        return etag.Equals(md5, StringComparison.OrdinalIgnoreCase) ? null : "ETag " + etag + ", expected " + md5;
    }

    private static PhaseResult Summarise(PhaseResult result, IEnumerable<List<double>?> latencies, TimeSpan elapsed)
    {
        var all = latencies.Where(l => l is not null).SelectMany(l => l!).ToList();
        all.Sort();
        result.Seconds = elapsed.TotalSeconds;
        result.Ops = Math.Max(0, all.Count - result.Errors);
        if (all.Count > 0)
        {
            result.OpsPerSecond = result.Ops / elapsed.TotalSeconds;
            result.P50Ms = all[(int)(0.50 * (all.Count - 1))];
            result.P99Ms = all[(int)(0.99 * (all.Count - 1))];
        }

        return result;
    }

    private static PhaseResult Throughput(PhaseResult result, long bytes, TimeSpan elapsed)
    {
        result.Seconds = elapsed.TotalSeconds;
        result.Ops = result.Errors == 0 ? 1 : 0;
        result.MegabytesPerSecond = result.Errors == 0 ? bytes / 1e6 / elapsed.TotalSeconds : null;
        return result;
    }

    private readonly record struct StoredKey(string Key, string Md5);

    /// <summary>Counts a phase's failed checks, keeps the first message, and ends the phase after 100.</summary>
    private sealed class Errors(PhaseResult result)
    {
        public bool TooMany => Interlocked.Read(ref _count) >= 100;

        private long _count;

        public void Add(string message)
        {
            lock (this)
            {
                result.Errors++;
                result.FirstError ??= message;
            }

            Interlocked.Increment(ref _count);
        }
    }
}
