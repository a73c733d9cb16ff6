using AutoDrive.Api.Hosting;
using AutoDrive.Api.Native.Common;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Api.Native.Errors;
using AutoDrive.Domain.Common;
using AutoDrive.Api.S3.Authentication;
using AutoDrive.Api.S3.Errors;
using AutoDrive.Api.S3.Routing;
using AutoDrive.Api.Swagger;
using AutoDrive.Api.Telemetry;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.OpenApi;

namespace AutoDrive.Api;

public static class DependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        // Every body is small (JSON) unless its route says more: the S3 edge sets the limit of each operation
        // (S3BodyLimits: 5 GiB of object or part, small XML bodies), native upload routes theirs ([RequestSizeLimit]).
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = NativeBodyLimits.Json);

        services.AddControllers(mvc => mvc.Filters.Add(new ProblemContentTypeFilter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<NativeExceptionHandler>();

        // Native API requests ([ApiController]) are validated by their FluentValidation validators and answer
        // ProblemDetails; S3 controllers validate in the application services and answer S3 XML.
        services.AddFluentValidationAutoValidation();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, S3AuthenticationHandler>(S3AuthenticationDefaults.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationDefaults.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, AdminAuthenticationHandler>(AdminAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "AutoDrive",
                Version = "v1",
                Description = "An S3-compatible gateway to the Autonomys DSN, with the native Auto Drive API.",
            });
            swagger.AddSecurityDefinition(ApiKeyAuthenticationDefaults.Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Your AutoDrive API key (the same key is the S3 access key id). Sent as `Authorization: Bearer <key>`, "
                    + "which the S3 routes accept too, so the S3 read operations can be tried from here.",
            });
            swagger.AddSecurityDefinition(AdminAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key (AutoDrive:Admin:ApiKey), for the routes under /api/admin.",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationDefaults.Scheme, document)] = [],
            });
            swagger.OperationFilter<SecurityOperationFilter>();
            swagger.OperationFilter<ResponseContentTypesOperationFilter>();
            swagger.OperationFilter<ChunkFormOperationFilter>();
            swagger.DocumentFilter<S3OperationsDocumentFilter>();
            // The XML comments of the API's types (summaries, <example>s) and of the application's (admin usage records).
            foreach (var assembly in (string[])["AutoDrive.Api", "AutoDrive.Application"])
            {
                var xml = Path.Combine(AppContext.BaseDirectory, assembly + ".xml");
                if (File.Exists(xml))
                {
                    swagger.IncludeXmlComments(xml);
                }
            }
        });

        services.AddHostedService<StartupBanner>();
        services.AddTelemetry();
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First: every request, whatever happens below, gets one log line and its metrics.
        app.UseRequestTelemetry();

        // The S3 edge: request ids, S3 XML errors for everything below, then the operation decided once.
        app.UseWhen(S3Routes.IsS3, s3 => s3
            .UseMiddleware<S3RequestIdMiddleware>()
            .UseMiddleware<S3ErrorMiddleware>()
            .UseMiddleware<S3RequestResolutionMiddleware>());
        // The native API and everything else: ProblemDetails for every failure (NativeExceptionHandler) and for bare
        // status codes (401 from authentication, 404 for an unknown route). Client errors are not logged as unhandled.
        app.UseWhen(
            context => !S3Routes.IsS3(context),
            native => native
                .UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = c => c.Exception is DomainException })
                .UseStatusCodePages());

        app.UseSwagger();
        app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "AutoDrive v1"));

        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();

        // /metrics, /health/live and /health/ready (the database, its migrations, the DSN store or network).
        app.MapTelemetryEndpoints(Infrastructure.DependencyInjection.ReadinessTag);
        return app;
    }
}
