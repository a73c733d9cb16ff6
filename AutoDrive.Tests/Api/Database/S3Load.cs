using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

namespace AutoDrive.Tests.Api.Database;

/// <summary>
/// A light, steady S3 load for fault tests: workers PUT small random objects and GET acknowledged ones back, until
/// stopped. It records every PUT the server acknowledged (2xx) with its bytes, and every answer that is neither a
/// success nor a 503, and every request that the hang guard (the client's timeout) had to break off.
/// </summary>
internal sealed class S3Load : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly string bucket;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;
    private int sequence;
    private int unavailable;

    public S3Load(HttpClient http, string bucket, int workerCount)
    {
        this.http = http;
        this.bucket = bucket;
        workers = Enumerable.Range(0, workerCount).Select(w => Task.Run(() => RunAsync(w, stop.Token))).ToArray();
    }

    /// <summary>Key → bytes of every PUT answered 2xx.</summary>
    public ConcurrentDictionary<string, byte[]> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers other than 2xx and 503 (method, key, status, body), and hangs broken off by the guard.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>How many 503s the load met.</summary>
    public int Unavailable => Volatile.Read(ref unavailable);

    /// <summary>Stops the workers and waits for them.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task RunAsync(int worker, CancellationToken cancellationToken)
    {
        var random = new Random(worker);
        while (!cancellationToken.IsCancellationRequested)
        {
            var key = $"w{worker}/{Interlocked.Increment(ref sequence):D6}";
            var body = RandomNumberGenerator.GetBytes(1024 + random.Next(4096));
            using (var put = await SendAsync(HttpMethod.Put, key, body))
            {
                if (put is not null)
                {
                    Acknowledged[key] = body;
                }
            }

            var known = Acknowledged.Keys.ToList();
            if (known.Count > 0)
            {
                var read = known[random.Next(known.Count)];
                using var get = await SendAsync(HttpMethod.Get, read, null);
                if (get is not null && !(await get.Content.ReadAsByteArrayAsync(CancellationToken.None)).AsSpan().SequenceEqual(Acknowledged[read]))
                {
                    Failures.Enqueue($"GET {read}: 200 with other bytes than were acknowledged");
                }
            }
        }
    }

    /// <summary>One request; null when it is not a success (recorded unless it is a 503).</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string key, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, $"{bucket}/{key}");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        HttpResponseMessage response;
        try
        {
            // Not the load's stop token: a request under way is finished, so its answer is judged.
            response = await http.SendAsync(request, CancellationToken.None);
        }
        catch (TaskCanceledException)
        {
            Failures.Enqueue($"{method} {key}: no answer within the hang guard of {http.Timeout.TotalSeconds} s");
            return null;
        }
        catch (HttpRequestException e)
        {
            Failures.Enqueue($"{method} {key}: connection failed ({e.Message})");
            return null;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Interlocked.Increment(ref unavailable);
        }
        else
        {
            Failures.Enqueue($"{method} {key}: {(int)response.StatusCode} {text}");
        }

        response.Dispose();
        return null;
    }
}
