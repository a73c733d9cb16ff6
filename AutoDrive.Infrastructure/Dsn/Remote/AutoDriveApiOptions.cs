namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// <c>AutoDrive:Dsn:AutoDriveApi</c>: the Auto Drive API that stores the content when <c>AutoDrive:Dsn:Kind</c> is
/// <c>AutoDriveApi</c>. The defaults tolerate seconds of added latency per request and still fail a client's write
/// within a minute when the network is down.
/// </summary>
public sealed class AutoDriveApiOptions
{
    public const string SectionName = "AutoDrive:Dsn:AutoDriveApi";

    /// <summary>The remote's API root, e.g. <c>https://mainnet.auto-drive.autonomys.xyz/api</c>; with or without a trailing slash.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The gateway's own API key on the remote, sent as <c>Authorization: Bearer</c>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Bytes per uploaded chunk: the official SDK's 1 MiB by default, so the remote sees what it always sees.</summary>
    public int ChunkSize { get; set; } = 1024 * 1024;

    /// <summary>Chunk uploads of one content in flight at once; memory per write is (this + 1) × <see cref="ChunkSize"/>.</summary>
    public int ChunkConcurrency { get; set; } = 4;

    /// <summary>One attempt of one request, until its response headers.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One request with all its retries: a write fails this long after the network stops answering, at most.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Retries of a failed attempt (429, 408, 5xx, timeout, connection failure), on every route.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; later ones double, with jitter. A <c>Retry-After</c> from the remote wins.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A download whose body sends nothing for this long is broken off (the client's response is aborted).</summary>
    public TimeSpan ReadIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open after the remote kept failing, before one request tries again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the health check asks the remote again while it is unreachable.</summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(5);
}
