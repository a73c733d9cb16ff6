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
using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn.Local;
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
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutoDriveOptions>().Bind(configuration.GetSection(AutoDriveOptions.SectionName));

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
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<DatabaseEndpoint>().ConnectionString).Build());
        services.AddDbContext<AutoDriveDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention());

        // First hosted service: the database is up and migrated before anything else starts.
        services.AddHostedService<DatabaseInitializer>();

        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IUserRepository, UserRepository>();
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

        // The DSN: the embedded local store under <DataDirectory>/dsn.
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
        services.AddSingleton<IDsnStorage>(sp => sp.GetRequiredService<LocalDsnStorage>());

        // Multipart: parts staged beside the local store, locks in PostgreSQL, assembly ahead and expiry in the background.
        services.AddOptions<MultipartOptions>().Bind(configuration.GetSection(MultipartOptions.SectionName));
        services.AddSingleton<IMultipartStaging, LocalMultipartStaging>();
        services.AddSingleton<IUploadLocks, PostgresUploadLocks>();
        services.AddSingleton<MultipartAssemblyWorker>();
        services.AddSingleton<IMultipartAssemblyScheduler>(sp => sp.GetRequiredService<MultipartAssemblyWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<MultipartAssemblyWorker>());
        services.AddHostedService<MultipartExpiryWorker>();
        return services;
    }
}
