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

    public double PeakRssMiB { get; set; }

    public double PeakTreeRssMiB { get; set; }
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
    public double? PeakRssMiB { get; set; }

    /// <summary>The polled peak of the server's whole process tree (children such as PostgreSQL included).</summary>
    public double? PeakTreeRssMiB { get; set; }

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
