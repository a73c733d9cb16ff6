using System.Net;
using AutoDrive.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>
/// Checks the Auto Drive API at start-up with an authenticated <c>GET accounts/@me</c>, then keeps asking every
/// <see cref="AutoDriveApiOptions.HealthProbeInterval"/>; it is also the readiness check of the network adapter.
/// A key the remote refuses (401/403), or a base URL that is not an Auto Drive API (404), stops the start with a message
/// naming the setting: no gateway should run on a wrong configuration. A remote that does not answer lets the gateway
/// start (the network may come back) and keeps it not ready until it answers. Inactive with the local store.
/// </summary>
public sealed partial class RemoteDsnMonitor : BackgroundService, IHealthCheck
{
    private readonly IServiceProvider _services;
    private readonly DsnKind _kind;
    private readonly AutoDriveApiOptions _options;
    private readonly ILogger<RemoteDsnMonitor> _logger;
    private volatile string? _problem = "The storage network has not been checked yet.";
    private bool _probed;

    public RemoteDsnMonitor(IServiceProvider services, IOptions<DsnOptions> dsn, IOptions<AutoDriveApiOptions> options, ILogger<RemoteDsnMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _kind = dsn.Value.Kind;
        _options = options.Value;
        _logger = logger;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_kind != DsnKind.AutoDriveApi)
        {
            _problem = null;
            return;
        }

        await ProbeAsync(throwOnMisconfiguration: true, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _options.HealthProbeInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken);
                await ProbeAsync(throwOnMisconfiguration: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ProbeAsync(bool throwOnMisconfiguration, CancellationToken cancellationToken)
    {
        // Resolved per probe: the typed client is transient, and with the local store it is never needed.
        var client = _services.GetRequiredService<AutoDriveApiClient>();
        var baseUrl = _options.BaseUrl;
        HttpStatusCode status;
        try
        {
            status = await client.ProbeAccountAsync(cancellationToken);
        }
        catch (DomainException exception)
        {
            if (SetProblem($"The storage network at {baseUrl} does not answer: {exception.InnerException?.Message ?? exception.Message}"))
            {
                LogUnreachable(exception.InnerException ?? exception, baseUrl);
            }

            return;
        }

        string? misconfiguration = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"The Auto Drive API at {baseUrl} refused the key in {AutoDriveApiOptions.SectionName}:ApiKey ({(int)status}). Set a valid API key of that service.",
            HttpStatusCode.NotFound =>
                $"{AutoDriveApiOptions.SectionName}:BaseUrl ({baseUrl}) is not the root of an Auto Drive API: GET accounts/@me answered 404. It should end in /api.",
            _ => null,
        };
        if (misconfiguration is not null && throwOnMisconfiguration)
        {
            throw new InvalidOperationException(misconfiguration);
        }

        var problem = misconfiguration
            ?? ((int)status is >= 200 and < 300 ? null : $"The storage network at {baseUrl} answered {(int)status} to GET accounts/@me.");
        if (SetProblem(problem))
        {
            if (problem is null)
            {
                LogReachable(baseUrl);
            }
            else
            {
                LogUnhealthy(problem);
            }
        }
    }

    /// <summary>Records the current problem (null: healthy); true when that changes the state.</summary>
    private bool SetProblem(string? problem)
    {
        var previous = _problem;
        _problem = problem;
        var first = !_probed;
        _probed = true;
        return first || (previous is null) != (problem is null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The storage network at {BaseUrl} does not answer; the gateway is not ready until it does.")]
    private partial void LogUnreachable(Exception exception, string? baseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "The storage network at {BaseUrl} answers; the gateway is ready.")]
    private partial void LogReachable(string? baseUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private partial void LogUnhealthy(string problem);
}
