using AutoDrive.Api;
using AutoDrive.Api.Hosting;
using AutoDrive.Application;
using AutoDrive.Infrastructure;

// "users …" and "migrate" are operator commands that run instead of the server (see AdminCommand).
var command = AdminCommand.TryParse(args);
var builder = WebApplication.CreateBuilder(command?.HostArgs ?? args);
if (command is not null)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi();

var app = builder.Build();
if (command is not null)
{
    return await command.RunAsync(app.Services, Console.Out, Console.Error);
}

app.UseApi();
try
{
    await app.RunAsync();
}
catch (Exception exception) when (StartupFailure.IsConfiguration(exception))
{
    // A configuration that cannot work (a refused network key, a missing setting): say which, and exit non-zero.
    foreach (var message in StartupFailure.Messages(exception))
    {
        await Console.Error.WriteLineAsync($"AutoDrive did not start: {message}");
    }

    return 1;
}

return 0;

/// <summary>The composition root; public so the test host can start it.</summary>
public partial class Program;
