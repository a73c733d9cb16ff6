namespace LoadGen;

/// <summary>The settings of one target's run, from the command line.</summary>
internal sealed class Options
{
    public string Name { get; set; } = "";

    public string Endpoint { get; set; } = "";

    public string AccessKey { get; set; } = "bench";

    public string SecretKey { get; set; } = "bench";

    /// <summary>False for the raw Kestrel ceiling, which computes no hash; S3 servers must answer with the MD5 ETag.</summary>
    public bool EtagRequired { get; set; } = true;

    /// <summary>The server's process, then any detached processes of its own whose memory counts in its tree.</summary>
    public List<int> Pids { get; } = [];

    public double DurationSeconds { get; set; } = 10;

    public int ListKeys { get; set; } = 10000;

    public int ListPasses { get; set; } = 3;

    public int MultipartStreams { get; set; } = 4;

    public BlobInfo? Blob { get; set; }

    public string Out { get; set; } = "";

    /// <summary>Set: run the memory probe with a generated object of this many bytes instead of the throughput phases.</summary>
    public long? MemoryProbeBytes { get; set; }
}
