namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// How long AutoDrive waits for PostgreSQL (<c>AutoDrive:Database</c>), so that an unreachable or frozen database
/// answers requests with 503 within a bounded time instead of holding them. Applied to every connection (embedded or
/// configured), over the same settings of the connection string.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "AutoDrive:Database";

    /// <summary>Opening a connection (TCP, TLS, authentication), and waiting for a free one in the pool.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One command; past it the command is cancelled on the server and the connection dropped.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a cancellation (after <see cref="CommandTimeout"/>) may take before the connection is dropped anyway.</summary>
    public TimeSpan CancellationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Idle pooled connections send a keepalive this often, so a dead server is noticed before a request meets it.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether every setting is in a range Npgsql accepts (whole seconds of at least one for the first two).</summary>
    public bool IsValid() =>
        ConnectTimeout >= TimeSpan.FromSeconds(1) && CommandTimeout >= TimeSpan.FromSeconds(1)
        && CancellationTimeout >= TimeSpan.Zero && KeepAlive >= TimeSpan.Zero;
}
