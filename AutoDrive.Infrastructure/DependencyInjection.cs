using System.Diagnostics.Metrics;
using AutoDrive.Application.Admin;
using AutoDrive.Application.Buckets;
using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Application.Credits;
using AutoDrive.Application.Multipart;
using AutoDrive.Application.Listing;
using AutoDrive.Application.Native;
using AutoDrive.Application.Objects;
using AutoDrive.Application.Users;
using AutoDrive.Infrastructure.Authentication;
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Infrastructure.Dsn.Remote;
using AutoDrive.Infrastructure.Multipart;
using AutoDrive.Infrastructure.Persistence;
using AutoDrive.Infrastructure.Persistence.Admin;
using AutoDrive.Infrastructure.Persistence.Listing;
using AutoDrive.Infrastructure.Persistence.Native;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutoDriveOptions>().Bind(configuration.GetSection(AutoDriveOptions.SectionName));

        // A stop (SIGTERM) drains: Kestrel refuses new connections at once and waits for the requests in flight until
        // the host's shutdown timeout, then cuts them (an upload cut is not recorded); the hosted services (the
        // embedded PostgreSQL last) stop after the server.
        services.AddOptions<HostOptions>().Configure<IOptions<AutoDriveOptions>>(
            (host, autoDrive) => host.ShutdownTimeout = autoDrive.Value.ShutdownTimeout);

        // The database: configured, or the embedded cluster under <DataDirectory>/postgres.
        services.AddOptions<EmbeddedPostgresOptions>()
            .Bind(configuration.GetSection($"{AutoDriveOptions.SectionName}:EmbeddedPostgres"))
            .PostConfigure<IOptions<AutoDriveOptions>>((pg, autoDrive) =>
            {
                if (string.IsNullOrWhiteSpace(pg.DataDirectory))
                {
                    pg.DataDirectory = Path.Combine(autoDrive.Value.ResolvedDataDirectory, "postgres");
                }
            });
        services.AddSingleton<EmbeddedPostgresCluster>();
        services.AddSingleton<DatabaseEndpoint>();
        services.AddSingleton<StartupReport>();
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Validate(o => o.IsValid(), $"{DatabaseOptions.SectionName}: ConnectTimeout and CommandTimeout are at least 1 s; CancellationTimeout and KeepAlive are not negative.")
            .ValidateOnStart();
        services.AddSingleton(DatabaseEndpoint.CreateDataSource);
        services.AddOptions<ApiKeyCacheOptions>().Bind(configuration.GetSection(ApiKeyCacheOptions.SectionName));
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<IApiKeyCache>(sp => sp.GetRequiredService<ApiKeyCache>());
        services.AddSingleton<ApiKeyChangeInterceptor>();

        // Pooled: a request reuses a context instead of building one (and its services) every time.
        services.AddDbContextPool<AutoDriveDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<ApiKeyChangeInterceptor>()));

        // First hosted service: the database is up and migrated before anything else starts.
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService<ApiKeyChangeListener>();

        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IUserRepository, UserRepository>();
        services.AddSingleton<KnownBuckets>();
        services.AddScoped<IBucketRepository, BucketRepository>();
        services.AddScoped<IObjectMappingRepository, ObjectMappingRepository>();
        services.AddScoped<IStoredContentRepository, StoredContentRepository>();
        services.AddScoped<IMultipartUploadRepository, MultipartUploadRepository>();
        services.AddScoped<IObjectListingQuery, ObjectListingQuery>();
        services.AddScoped<IBucketListingQuery, BucketListingQuery>();
        services.AddScoped<ICreditLedger, CreditLedger>();
        services.AddScoped<INativeUploadRepository, NativeUploadRepository>();
        services.AddScoped<IUploadChunkRepository, UploadChunkRepository>();
        services.AddScoped<IOwnershipRepository, OwnershipRepository>();
        services.AddScoped<IPublicationRepository, PublicationRepository>();
        services.AddScoped<INativeObjectQuery, NativeObjectQuery>();
        services.AddScoped<IUsageQuery, UsageQuery>();

        // The DSN: the embedded local store under <DataDirectory>/dsn (default), or the Auto Drive network
        // (AutoDrive:Dsn:Kind). The kind is read when the port is first resolved, so every configuration source counts.
        services.AddOptions<LocalDsnStorageOptions>()
            .Bind(configuration.GetSection($"{AutoDriveOptions.SectionName}:LocalDsn"))
            .PostConfigure<IOptions<AutoDriveOptions>>((dsn, autoDrive) =>
            {
                if (string.IsNullOrWhiteSpace(dsn.RootDirectory))
                {
                    dsn.RootDirectory = Path.Combine(autoDrive.Value.ResolvedDataDirectory, "dsn");
                }
            });
        services.AddSingleton<LocalDsnStorage>();
        // Also binds AutoDrive:Dsn, which both adapters' choice reads.
        services.AddAutoDriveApiStorage(configuration, registerPort: false);
        services.AddSingleton<IFolderNodeStore, PostgresFolderNodeStore>();
        // Every call to the port is timed (autodrive.store.duration), whichever adapter serves it.
        services.AddMetrics();
        services.AddSingleton<IDsnStorage>(sp => new MeteredDsnStorage(
            IsRemote(sp) ? sp.GetRequiredService<RemoteDsnStorage>() : sp.GetRequiredService<LocalDsnStorage>(),
            new DsnStoreMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<IOptions<DsnOptions>>().Value.Kind)));

        // Multipart: parts staged beside the local store (gateways share its directory), or in PostgreSQL when the
        // content goes to the network (gateways share only the database); locks in PostgreSQL; assembly ahead and
        // expiry in the background.
        services.AddOptions<MultipartOptions>().Bind(configuration.GetSection(MultipartOptions.SectionName));
        services.AddSingleton<LocalMultipartStaging>();
        // After the database initializer (a hosted service registered earlier starts earlier): it asks which uploads are open.
        services.AddHostedService<LocalStoreRecovery>();
        services.AddSingleton<PostgresMultipartStaging>();
        services.AddSingleton<IMultipartStaging>(sp => IsRemote(sp)
            ? sp.GetRequiredService<PostgresMultipartStaging>()
            : sp.GetRequiredService<LocalMultipartStaging>());
        services.AddSingleton<IUploadLocks, PostgresUploadLocks>();
        services.AddSingleton<MultipartAssemblyWorker>();
        services.AddSingleton<IMultipartAssemblyScheduler>(sp => sp.GetRequiredService<MultipartAssemblyWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<MultipartAssemblyWorker>());
        services.AddHostedService<MultipartExpiryWorker>();
        services.AddHostedService<ActiveMultipartUploadsGauge>();

        // Readiness: the database answers and carries this build's migrations; the local store takes writes, or the
        // network answers when the content goes there. A check that does not answer within its timeout is unhealthy,
        // so /health/ready answers in bounded time even when the database is frozen.
        services.AddSingleton<LocalDsnStoreHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadinessTag], timeout: HealthCheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadinessTag], timeout: HealthCheckTimeout)
            .AddCheck<LocalDsnStoreHealthCheck>("dsn-store", tags: [ReadinessTag], timeout: HealthCheckTimeout)
            .AddCheck<RemoteDsnMonitor>("storage-network", tags: [ReadinessTag]);
        return services;
    }

    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadinessTag = "ready";

    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The network adapter: its options (checked at start when it is the configured kind), the typed
    /// <see cref="AutoDriveApiClient"/> behind the standard resilience pipeline, the start-up check and health monitor,
    /// and (unless <paramref name="registerPort"/> is false) <see cref="IDsnStorage"/> itself. The caller registers an
    /// <see cref="IFolderNodeStore"/>.
    /// </summary>
    public static IServiceCollection AddAutoDriveApiStorage(this IServiceCollection services, IConfiguration configuration, bool registerPort = true)
    {
        services.AddOptions<DsnOptions>().Bind(configuration.GetSection(DsnOptions.SectionName));
        services.AddOptions<AutoDriveApiOptions>()
            .Bind(configuration.GetSection(AutoDriveApiOptions.SectionName))
            .Validate<IOptions<DsnOptions>>(
                (api, dsn) => dsn.Value.Kind != DsnKind.AutoDriveApi || Uri.TryCreate(api.BaseUrl?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                $"{AutoDriveApiOptions.SectionName}:BaseUrl must be the absolute http(s) URL of an Auto Drive API (e.g. https://mainnet.auto-drive.autonomys.xyz/api) when AutoDrive:Dsn:Kind is AutoDriveApi.")
            .Validate<IOptions<DsnOptions>>(
                (api, dsn) => dsn.Value.Kind != DsnKind.AutoDriveApi || !string.IsNullOrWhiteSpace(api.ApiKey),
                $"{AutoDriveApiOptions.SectionName}:ApiKey must be this gateway's API key on the Auto Drive API when AutoDrive:Dsn:Kind is AutoDriveApi.")
            .Validate(
                api => api.ChunkSize is >= 64 * 1024 and <= 64 * 1024 * 1024 && api.ChunkConcurrency is >= 1 and <= 64 && api.MaxRetries is >= 0 and <= 10
                    && api.AttemptTimeout > TimeSpan.Zero && api.TotalTimeout > api.AttemptTimeout && api.ReadIdleTimeout > TimeSpan.Zero
                    && api.RetryBaseDelay >= TimeSpan.Zero && api.BreakDuration >= TimeSpan.FromMilliseconds(500) && api.HealthProbeInterval > TimeSpan.Zero,
                $"{AutoDriveApiOptions.SectionName}: ChunkSize is 64 KiB to 64 MiB, ChunkConcurrency 1 to 64, MaxRetries 0 to 10, TotalTimeout longer than AttemptTimeout, BreakDuration at least 0.5 s.")
            .ValidateOnStart();

        // The adapter is a singleton holding its client: the handler is never rotated, so connections are recycled
        // by the handler itself (DNS changes of the remote are seen within minutes).
        var client = services.AddHttpClient<AutoDriveApiClient>((sp, http) => AutoDriveApiClient.Configure(http, sp.GetRequiredService<IOptions<AutoDriveApiOptions>>().Value))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(client.PipelineName).Configure<IOptions<AutoDriveApiOptions>>(
            (resilience, options) =>
            {
                var api = options.Value;
                resilience.AttemptTimeout.Timeout = api.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = api.TotalTimeout;
                // Retries cover every method: chunk uploads are idempotent by index, and creating an upload twice only
                // leaves an unused pending upload on the remote. Retry-After is honoured (ShouldRetryAfterHeader).
                resilience.Retry.MaxRetryAttempts = api.MaxRetries;
                resilience.Retry.Delay = api.RetryBaseDelay;
                resilience.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldRetryAfterHeader = true;
                resilience.CircuitBreaker.BreakDuration = api.BreakDuration;
                // The pipeline requires the breaker's window to be at least twice an attempt.
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, api.AttemptTimeout.Ticks * 2));
            });

        services.AddSingleton<RemoteDsnStorage>();
        services.AddSingleton<RemoteDsnMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<RemoteDsnMonitor>());
        if (registerPort)
        {
            services.AddSingleton<IDsnStorage>(sp => sp.GetRequiredService<RemoteDsnStorage>());
        }

        return services;
    }

    private static bool IsRemote(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DsnOptions>>().Value.Kind == DsnKind.AutoDriveApi;
}
