// The load generator of benchmarks/compare.sh (which builds and starts the targets and calls it): the same requests,
// with the same client, against AutoDrive, s3rver, moto and a raw Kestrel ceiling. Prints figures; asserts nothing
// about time. Three commands:
//
//   LoadGen prepare <file> <MiB> <part MiB>        writes the large test object and its MD5s (<file>.json)
//   LoadGen run --name N --endpoint URL --blob <file> --out <json> [--pid P]... [--access-key K] [--secret-key S]
//               [--no-etag] [--duration s] [--list-keys n] [--list-passes n] [--streams n] [--memory bytes]
//   LoadGen report <results dir> <out json> [--note text]   one table with ratios to raw Kestrel, and its JSON
//
// A run, in order: CreateBucket; warm-up (1 s of 4 KiB PUT and GET, not recorded); 4 KiB PUT with 1 and with 32 clients
// for the duration each (op/s, p50, p99; every object's content unique); PUTs with 32 clients until the bucket holds
// --list-keys objects under small/; 4 KiB GET with 1 and 32 clients of random written keys; ListObjectsV2 over all of
// small/ (1000-key pages, delimiter '/', p50 of page latency, each pass must list exactly the keys written); PUT and GET
// of the large object (MB/s = 10^6 bytes/s); a multipart upload of it in its parts over --streams concurrent streams
// (Create to Complete). The server's memory is sampled throughout (RssSampler): the main process's peak RSS and the
// peak PSS summed over its process tree.
//
// With --memory <bytes> a run is the memory probe instead (compare.sh --memory): after the warm-up, one PUT of a
// generated object of that size (streamed, never held) and 64 clients of 4 KiB PUT, then of 4 KiB GET, for the
// duration each; each phase's peak memory is the figure.
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LoadGen;

var json = new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
};

switch (args.FirstOrDefault())
{
    case "prepare":
        return await PrepareAsync(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture));
    case "run":
        return await RunAsync(args[1..]);
    case "report":
        return Report.Write(args[1], args[2], args.Length > 4 && args[3] == "--note" ? args[4] : null, json);
    default:
        Console.Error.WriteLine("usage: LoadGen prepare|run|report ... (see the header of Program.cs)");
        return 2;
}

// The large object: pseudo-random bytes (incompressible, no repeated blocks a content-addressed store could share),
// written once per comparison and read from the page cache by every target's run, with its MD5 and each part's MD5.
async Task<int> PrepareAsync(string path, long mib, long partMib)
{
    var size = mib << 20;
    var partSize = partMib << 20;
    var random = new Random(12);
    var buffer = new byte[1 << 20];
    using var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    var part = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    var partMd5s = new List<string>();
    await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
    {
        for (long done = 0; done < size; done += buffer.Length)
        {
            random.NextBytes(buffer);
            whole.AppendData(buffer);
            part.AppendData(buffer);
            await file.WriteAsync(buffer.AsMemory());
            if ((done + buffer.Length) % partSize == 0 || done + buffer.Length == size)
            {
                partMd5s.Add(Convert.ToHexStringLower(part.GetHashAndReset()));
            }
        }
    }

    part.Dispose();
    var info = new BlobInfo { Path = Path.GetFullPath(path), Size = size, PartSize = partSize, Md5 = Convert.ToHexStringLower(whole.GetHashAndReset()), PartMd5s = partMd5s };
    await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(info, json));
    return 0;
}

async Task<int> RunAsync(string[] a)
{
    var options = new Options();
    for (var i = 0; i < a.Length; i++)
    {
        switch (a[i])
        {
            case "--name": options.Name = a[++i]; break;
            case "--endpoint": options.Endpoint = a[++i]; break;
            case "--access-key": options.AccessKey = a[++i]; break;
            case "--secret-key": options.SecretKey = a[++i]; break;
            case "--no-etag": options.EtagRequired = false; break;
            case "--pid": options.Pids.Add(int.Parse(a[++i], CultureInfo.InvariantCulture)); break;
            case "--duration": options.DurationSeconds = double.Parse(a[++i], CultureInfo.InvariantCulture); break;
            case "--list-keys": options.ListKeys = int.Parse(a[++i], CultureInfo.InvariantCulture); break;
            case "--list-passes": options.ListPasses = int.Parse(a[++i], CultureInfo.InvariantCulture); break;
            case "--streams": options.MultipartStreams = int.Parse(a[++i], CultureInfo.InvariantCulture); break;
            case "--blob": options.Blob = JsonSerializer.Deserialize<BlobInfo>(await File.ReadAllTextAsync(a[++i] + ".json"), json); break;
            case "--out": options.Out = a[++i]; break;
            case "--memory": options.MemoryProbeBytes = long.Parse(a[++i], CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException("unknown option " + a[i]);
        }
    }

    var result = new TargetResult
    {
        Name = options.Name,
        Endpoint = options.Endpoint,
        LoadAverageBefore = LoadAverage(),
        Settings = new()
        {
            ["duration_seconds"] = options.DurationSeconds,
            ["list_keys"] = options.ListKeys,
            ["large_object_bytes"] = options.MemoryProbeBytes ?? options.Blob!.Size,
            ["part_bytes"] = options.Blob?.PartSize ?? 0,
            ["multipart_streams"] = options.MultipartStreams,
            ["etag_checked"] = options.EtagRequired,
            ["mode"] = options.MemoryProbeBytes is null ? "throughput" : "memory",
        },
    };
    var sampler = options.Pids.Count > 0 ? new RssSampler(options.Pids) : null;
    var benchmark = new Benchmark(options, new SigV4Signer(options.AccessKey, options.SecretKey), sampler);
    var code = 0;
    try
    {
        if (options.MemoryProbeBytes is { } bytes)
        {
            await benchmark.RunMemoryAsync(bytes, CancellationToken.None);
        }
        else
        {
            await benchmark.RunAsync(CancellationToken.None);
        }
    }
    catch (Exception e)
    {
        // Any failure ends this target's run but is recorded, not swallowed: the table shows the target as failed with
        // this message, the phases measured so far stay in its JSON, and the exit code is 1.
        result.Skipped = "run failed: " + e.Message;
        Console.Error.WriteLine(options.Name + ": " + e);
        code = 1;
    }

    result.Phases.AddRange(benchmark.Phases);
    if (sampler is not null)
    {
        await sampler.DisposeAsync();
        result.PeakRssMiB = sampler.ProcessPeakBytes / 1048576.0;
        result.PeakTreePssMiB = sampler.TreePeakBytes / 1048576.0;
    }

    result.LoadAverageAfter = LoadAverage();
    await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(result, json));
    return code;
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
