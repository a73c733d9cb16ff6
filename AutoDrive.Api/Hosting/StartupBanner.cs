using AutoDrive.Infrastructure.Configuration;
using AutoDrive.Infrastructure.Dsn;
using AutoDrive.Infrastructure.Dsn.Remote;
using AutoDrive.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AutoDrive.Api.Hosting;

/// <summary>Once the server listens, prints where to connect and how to get a usable API key (never a configured one).</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    StartupReport report,
    DatabaseEndpoint database,
    IOptions<AutoDriveOptions> options,
    IOptions<DsnOptions> dsn,
    IOptions<AutoDriveApiOptions> network) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var settings = options.Value;
        var lines = new List<string> { string.Empty, "AutoDrive is running." };
        foreach (var address in addresses)
        {
            var root = address.Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .TrimEnd('/');
            lines.Add($"  S3 API:      {root}/s3");
            lines.Add($"  Native API:  {root}/api");
            lines.Add($"  Swagger UI:  {root}/swagger");
        }

        lines.Add($"  Database:    {(database.IsEmbedded ? "embedded PostgreSQL under " + Path.Combine(settings.ResolvedDataDirectory, "postgres") : "ConnectionStrings:AutoDrive")}");
        lines.Add(dsn.Value.Kind == DsnKind.AutoDriveApi
            ? $"  DSN:         the Auto Drive API at {network.Value.BaseUrl} (health: /health/ready)"
            : $"  DSN store:   {Path.Combine(settings.ResolvedDataDirectory, "dsn")}");
        // Keys are secrets: a configured key is never printed (its owner has it), and the local user's generated key
        // only at the start that created it; afterwards the banner names the 0600 file that keeps it.
        foreach (var user in report.Users)
        {
            lines.Add(user switch
            {
                { NewApiKey: { } key } => $"  API key of user '{user.Name}': {key} (shown once; kept in {user.KeyFile})",
                { KeyFile: { } file } => $"  API key of user '{user.Name}': in {file}",
                _ => $"  User '{user.Name}': API key from configuration",
            });
        }

        if (report.Users.FirstOrDefault(u => u.KeyFile is not null) is { } local && addresses.Count > 0)
        {
            var endpoint = addresses.First().Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/s3";
            lines.Add(string.Empty);
            lines.Add("  Try it (the API key is the access key id; any secret works):");
            lines.Add($"    export AWS_ACCESS_KEY_ID={local.NewApiKey ?? $"$(cat {local.KeyFile})"} AWS_SECRET_ACCESS_KEY=any AWS_DEFAULT_REGION=us-east-1");
            lines.Add($"    echo hello > hello.txt && aws --endpoint-url {endpoint} s3 cp hello.txt s3://my-bucket/hello.txt");
        }

        lines.Add(string.Empty);
        Console.Out.Write(string.Join(Environment.NewLine, lines) + Environment.NewLine);
        Console.Out.Flush();
    }
}
