using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Infrastructure.Authentication;

/// <summary>
/// The change feed of <see cref="ApiKeyCache"/>: one connection that LISTENs on <see cref="Channel"/>, where triggers
/// on <c>api_keys</c> and <c>users</c> NOTIFY (at commit) whenever a key is revoked, expires-at changes or is removed,
/// or a user's name or limits change or the user is removed, whichever gateway or tool made the change. Each notice
/// empties the cache. The cache keeps entries only while this connection is listening: when it breaks (or does not
/// answer its periodic check) the cache is emptied and stays off until the connection is back, because notices sent
/// meanwhile are lost.
/// </summary>
public sealed partial class ApiKeyChangeListener(
    IServiceProvider services,
    ApiKeyCache cache,
    IOptions<ApiKeyCacheOptions> options,
    ILogger<ApiKeyChangeListener> logger) : BackgroundService
{
    /// <summary>The notification channel the triggers of the <c>ApiKeyChangeNotifications</c> migration notify.</summary>
    public const string Channel = "autodrive_api_keys";

    /// <summary>The feed connection's <c>application_name</c>, so operators (and tests) can tell it in pg_stat_activity.</summary>
    public const string ApplicationName = "autodrive-key-feed";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.KeyCacheTtl <= TimeSpan.Zero)
        {
            return;
        }

        // Resolved here, not injected: the data source exists only once DatabaseInitializer (started before this) has
        // the database up.
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var retry = FirstRetry;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(dataSource, () =>
                {
                    retry = FirstRetry;
                    if (failures > 0)
                    {
                        LogFeedBack(failures);
                    }

                    failures = 0;
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (IsConnectionFailure(exception))
            {
                cache.Deactivate();
                if (failures++ == 0)
                {
                    LogFeedLost(exception);
                }

                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }

        cache.Deactivate();
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, Action listening, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, _) => cache.Invalidate();
        await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // From here on every change is heard; what was cached before (with the feed down) is gone.
        cache.Activate();
        listening();
        while (true)
        {
            if (!await connection.WaitAsync(options.Value.ChangeFeedCheckInterval, stoppingToken))
            {
                // Quiet for a while: prove the connection still works, so that a silently broken one (a frozen or
                // restarted server) turns the cache off within about one interval plus the command timeout.
                await using var check = new NpgsqlCommand("SELECT 1", connection);
                await check.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    /// <summary>A lost, refused or timed-out connection (after which the feed reconnects); anything else is a bug.</summary>
    private static bool IsConnectionFailure(Exception exception) =>
        exception is DbException or TimeoutException or IOException or SocketException
        || (exception is InvalidOperationException && exception.InnerException is DbException or IOException or SocketException)
        || exception is OperationCanceledException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key cache's change feed from PostgreSQL is down; keys are read from the database on every request until it is back")]
    private partial void LogFeedLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The key cache's change feed is back after {Failures} failed attempts")]
    private partial void LogFeedBack(int failures);
}
