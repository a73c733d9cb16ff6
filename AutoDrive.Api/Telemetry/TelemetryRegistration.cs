using AutoDrive.Application.Common;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AutoDrive.Api.Telemetry;

/// <summary>
/// The operator's view: OpenTelemetry metrics exported for Prometheus at <c>/metrics</c>, the request log, and the
/// health endpoints' JSON. Only this layer knows OpenTelemetry; the others record on plain
/// System.Diagnostics.Metrics instruments of the <see cref="AutoDriveMeter"/>.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Npgsql's own meter: connection pool use and command durations (the database's latency).</summary>
    private const string NpgsqlMeter = "Npgsql";

    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<RequestMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("autodrive"))
            .WithMetrics(metrics => metrics
                .AddMeter(AutoDriveMeter.Name)
                .AddMeter(NpgsqlMeter)
                // ASP.NET Core's and Kestrel's standard HTTP server metrics (http.server.request.duration by route,
                // open connections), and the runtime's (GC, thread pool, exceptions).
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// The request log and metrics around everything (call first). The endpoints (<c>/metrics</c>,
    /// <c>/health/*</c>) are mapped by <see cref="MapTelemetryEndpoints"/>.
    /// </summary>
    public static IApplicationBuilder UseRequestTelemetry(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestTelemetryMiddleware>();

    /// <summary>
    /// <c>/metrics</c> (Prometheus text) and the health endpoints, unauthenticated like every probe (an operator who
    /// does not want them public firewalls these paths), on the same listeners as the APIs. Liveness: the process
    /// serves requests, no check runs. Readiness: the checks tagged <paramref name="readinessTag"/>; 503 when one is
    /// unhealthy, so a load balancer sends traffic only to ready gateways.
    /// </summary>
    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints, string readinessTag)
    {
        endpoints.MapPrometheusScrapingEndpoint();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(readinessTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return endpoints;
    }
}
