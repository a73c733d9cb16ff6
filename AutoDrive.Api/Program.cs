using AutoDrive.Api;
using AutoDrive.Application;
using AutoDrive.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi();

var app = builder.Build();
app.UseApi();
app.Run();

/// <summary>The composition root; public so the test host can start it.</summary>
public partial class Program;
