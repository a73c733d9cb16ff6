using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// How <see cref="AutoDriveServer.StartAsync(GatewaySetup, CancellationToken)"/> starts a gateway: on a new database
/// of the test run (default) or on <see cref="ConnectionString"/>, shared with other gateways; with new random keys
/// for the bootstrap users (default) or with those of <see cref="UsersOf"/>, so gateways on one database agree on
/// alice's, bob's, ... keys; and with <see cref="Settings"/> applied after the defaults (so they may override them).
/// Every gateway has its own data directory.
/// </summary>
public sealed record GatewaySetup
{
    private static readonly IReadOnlyDictionary<string, string?> NoSettings = new Dictionary<string, string?>();

    /// <summary>A gateway like the shared server: a new database, new keys, no extra settings.</summary>
    public static GatewaySetup Default { get; } = new();

    /// <summary>The database to use (an Npgsql connection string), or null for a new one.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The gateway whose bootstrap users' keys (and admin key) to reuse, or null for new random ones.</summary>
    public AutoDriveServer? UsersOf { get; init; }

    /// <summary>Configuration keys (<c>AutoDrive:Dsn:Kind</c>, ...) and values, applied with <c>UseSetting</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = NoSettings;

    /// <summary>A logger provider added to the gateway's logging (to read what it logs), or null.</summary>
    public ILoggerProvider? LoggerProvider { get; init; }
    /// <summary>
    /// When set, every response of the gateway is counted here, server-side (<see cref="ResponseCountingStartupFilter"/>):
    /// opt-in, for tests that assert on what the server answered rather than on what a retrying client saw.
    /// </summary>
    public ResponseCounter? Responses { get; init; }

    /// <summary>A second gateway beside <paramref name="other"/>: its database and its users, with <paramref name="settings"/>.</summary>
    public static GatewaySetup Beside(AutoDriveServer other, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new GatewaySetup { ConnectionString = other.ConnectionString, UsersOf = other, Settings = settings ?? NoSettings };
    }
}
