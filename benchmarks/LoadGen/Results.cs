using System.Text.Json.Serialization;

namespace LoadGen;

/// <summary>One measured phase of one target: rates, latencies, errors and the server's memory during it.</summary>
internal sealed class PhaseResult
{
    public required string Name { get; init; }

    public int Clients { get; init; }

    public long Ops { get; set; }

    public long Errors { get; set; }

    public string? FirstError { get; set; }

    public double Seconds { get; set; }

    public double? OpsPerSecond { get; set; }

    public double? P50Ms { get; set; }

    public double? P99Ms { get; set; }

    public double? MegabytesPerSecond { get; set; }

    /// <summary>
    /// The server's main process during this phase: its kernel high-water mark (VmHWM, reset at the phase's start)
    /// where the sampler may reset it, else the highest RSS polled every 100 ms.
    /// </summary>
    [JsonPropertyName("peak_rss_mib")]
    public double PeakRssMiB { get; set; }

    /// <summary>The highest PSS summed over the server's process tree, polled every 100 ms (shared pages split).</summary>
    [JsonPropertyName("peak_tree_pss_mib")]
    public double PeakTreePssMiB { get; set; }

    /// <summary>What the figures need said alongside them (a peer's deviation from S3 that was tolerated).</summary>
    public string? Note { get; set; }
}

/// <summary>Everything measured for one target (or why it was skipped), as written to its JSON file.</summary>
internal sealed class TargetResult
{
    public required string Name { get; init; }

    public string? Endpoint { get; init; }

    public string? Skipped { get; set; }

    public Dictionary<string, object>? Settings { get; init; }

    public string? LoadAverageBefore { get; set; }

    public string? LoadAverageAfter { get; set; }

    /// <summary>The kernel's high-water mark (VmHWM) of the server's main process over the whole run.</summary>
    [JsonPropertyName("peak_rss_mib")]
    public double? PeakRssMiB { get; set; }

    /// <summary>
    /// The polled peak of PSS summed over the server's process tree (children, and AutoDrive's detached embedded
    /// PostgreSQL with its backends). PSS splits each shared page among the processes mapping it, so the sum counts
    /// shared memory (PostgreSQL's shared buffers, the runtime's mapped files) once, which a sum of RSS does not.
    /// </summary>
    [JsonPropertyName("peak_tree_pss_mib")]
    public double? PeakTreePssMiB { get; set; }

    public List<PhaseResult> Phases { get; init; } = [];
}

/// <summary>The large object prepared once per comparison run: its size, part size and MD5s (whole and per part).</summary>
internal sealed class BlobInfo
{
    public required string Path { get; init; }

    public long Size { get; init; }

    public long PartSize { get; init; }

    public required string Md5 { get; init; }

    public required List<string> PartMd5s { get; init; }
}
