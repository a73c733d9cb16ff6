namespace AutoDrive.Infrastructure.Postgres;

/// <summary>
/// Settings of the PostgreSQL cluster AutoDrive runs itself when no <c>ConnectionStrings:AutoDrive</c> is
/// configured. Bound from the configuration section <see cref="SectionName"/>.
/// </summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "AutoDrive:EmbeddedPostgres";

    /// <summary>
    /// The directory that holds the cluster (e.g. <c>&lt;AutoDrive:DataDirectory&gt;/postgres</c>): the
    /// PostgreSQL data directory (<c>pgdata/</c>), the server log and the lock file. Required.
    /// </summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The directory with <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. When empty, the highest
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> is used, else the directory of <c>initdb</c> on PATH.
    /// </summary>
    public string? BinDirectory { get; set; }

    /// <summary>The unprivileged OS user that runs PostgreSQL when AutoDrive runs as root.</summary>
    public string OsUser { get; set; } = "postgres";

    /// <summary>
    /// True (the default) keeps PostgreSQL's durability settings. False turns off fsync,
    /// synchronous_commit and full_page_writes: for throwaway test clusters only.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one at every start.</summary>
    public int Port { get; set; }

    /// <summary>The database <see cref="EmbeddedPostgresCluster.StartAsync"/> connects to, created if missing.</summary>
    public string DatabaseName { get; set; } = "autodrive";

    /// <summary>How long the server may take to become ready (crash recovery included).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The server's max_connections.</summary>
    public int MaxConnections { get; set; } = 200;
}
