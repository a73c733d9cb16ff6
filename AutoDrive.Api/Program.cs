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
await app.RunAsync();
return 0;

/// <summary>The composition root; public so the test host can start it.</summary>
public partial class Program;
