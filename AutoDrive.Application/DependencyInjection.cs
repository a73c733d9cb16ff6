using AutoDrive.Application.Accounts;
using AutoDrive.Application.Admin;
using AutoDrive.Application.Buckets;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Application.Listing;
using AutoDrive.Application.Native;
using AutoDrive.Application.Objects;
using AutoDrive.Application.Users;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoDrive.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddAutoMapper(cfg => cfg.AddMaps(typeof(DependencyInjection).Assembly));
        // Singletons: the validators hold no state, and building one (its rule tree) on every request cost more than
        // the request's own validation.
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddScoped<ContentIngestor>();
        services.AddScoped<ObjectKeyMapper>();
        services.AddScoped<ObjectService>();
        services.AddScoped<BucketService>();
        services.AddScoped<MultipartService>();
        services.AddScoped<MultipartAssemblyService>();
        services.AddScoped<MultipartExpiryService>();
        services.AddScoped<ApiKeyAuthenticator>();
        services.AddScoped<UserProvisioningService>();
        services.AddScoped<ListingService>();
        services.AddScoped<NativeUploadService>();
        services.AddScoped<NativeObjectService>();
        services.AddScoped<NativeDownloadService>();
        services.AddScoped<AccountService>();
        services.AddScoped<AdminService>();
        return services;
    }
}
