using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoDrive.Api;
using AutoDrive.Api.Hosting;
using AutoDrive.Application;
using AutoDrive.Application.Users;
using AutoDrive.Infrastructure;
using AutoDrive.Infrastructure.Persistence;
using AutoDrive.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.Api.Native.Admin;

/// <summary>
/// The server's operator commands (<c>users ...</c>, <c>migrate</c>) against a fresh database of the test run, run as
/// <c>Program</c> runs them (a host built the same way, the command given its services) and, once, as the built server
/// dll in a process of its own. Keys they print authenticate; exit codes are 0 done, 1 refused, 2 wrong usage.
/// </summary>
public partial class AdminCommandTests
{
    private string _connectionString = null!;
    private TemporaryDirectory _dataDirectory = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _connectionString = await TestRun.CreateDatabaseAsync();
        _dataDirectory = TemporaryDirectory.Create("autodrive-cli");
    }

    [OneTimeTearDown]
    public void DeleteDataDirectory() => _dataDirectory.Dispose();

    [Test]
    public async Task UsersCreate_PrintsAKeyThatAuthenticates_AndExits0()
    {
        var name = UniqueUser();

        var (exit, output, error) = await RunAsync("users", "create", name, "--upload-limit", "5000", "--download-limit", "6000");
        var user = await AuthenticateAsync(KeyIn(output));

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain($"Created user '{name}'").And.Contain("upload 5000, download 6000"));
        Assert.That(user, Is.Not.Null);
        Assert.That(user!.Name, Is.EqualTo(name));
        Assert.That(user.PendingUploadCredits, Is.EqualTo(5000));
        Assert.That(user.PendingDownloadCredits, Is.EqualTo(6000));
    }

    [Test]
    public async Task UsersCreate_OfATakenName_Exits1()
    {
        var name = UniqueUser();
        var (first, _, _) = await RunAsync("users", "create", name);

        var (exit, output, error) = await RunAsync("users", "create", name);

        Assert.That(first, Is.Zero);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain(name));
        Assert.That(output, Does.Not.Contain("API key"));
    }

    [Test]
    public async Task UsersList_ShowsEveryUserWithTheirLimits()
    {
        var limited = UniqueUser();
        var unlimited = UniqueUser();
        await RunAsync("users", "create", limited, "--upload-limit", "1234");
        await RunAsync("users", "create", unlimited);

        var (exit, output, _) = await RunAsync("users", "list");
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('\t')).ToList();

        Assert.That(exit, Is.Zero);
        Assert.That(rows[0][0], Is.EqualTo("name"));
        var header = rows[0].ToList();
        var limitedRow = rows.Single(r => r[0] == limited);
        var unlimitedRow = rows.Single(r => r[0] == unlimited);
        Assert.That(limitedRow[header.IndexOf("upload limit")], Is.EqualTo("1234"));
        Assert.That(limitedRow[header.IndexOf("download limit")], Is.EqualTo("unlimited"));
        Assert.That(unlimitedRow[header.IndexOf("upload limit")], Is.EqualTo("unlimited"));
        Assert.That(limitedRow[header.IndexOf("active keys")], Is.EqualTo("1"));
    }

    [Test]
    public async Task UsersSetLimits_ChangesTheLimitsTheKeySees()
    {
        var name = UniqueUser();
        var (_, created, _) = await RunAsync("users", "create", name);

        var (exit, output, error) = await RunAsync("users", "set-limits", name, "--upload-limit", "100", "--download-limit", "unlimited");
        var user = await AuthenticateAsync(KeyIn(created));

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("upload limit 100").And.Contain("download limit unlimited"));
        Assert.That(user!.PendingUploadCredits, Is.EqualTo(100));
        Assert.That(user.PendingDownloadCredits, Is.Null);
    }

    [Test]
    public async Task UsersCreateKeyKeysAndRevokeKey_IssueListAndRevokeAKey()
    {
        var name = UniqueUser();
        var (_, created, _) = await RunAsync("users", "create", name);

        var (issuedExit, issued, _) = await RunAsync("users", "create-key", name, "--name", "laptop");
        var match = IssuedKey().Match(issued);
        Assert.That(match.Success, Is.True, issued);
        var (keyId, secret) = (match.Groups["id"].Value, match.Groups["secret"].Value);
        var before = await AuthenticateAsync(secret);
        var (keysExit, keys, _) = await RunAsync("users", "keys", name);
        var (revokeExit, revoked, _) = await RunAsync("users", "revoke-key", name, keyId);
        var after = await AuthenticateAsync(secret);
        var (_, keysAfter, _) = await RunAsync("users", "keys", name);

        Assert.That(issuedExit, Is.Zero);
        Assert.That(before?.Name, Is.EqualTo(name));
        Assert.That(keysExit, Is.Zero);
        Assert.That(keys, Does.Contain(keyId).And.Contain("laptop").And.Contain($"{secret[..4]}…{secret[^4..]}").And.Not.Contain(secret));
        Assert.That(revokeExit, Is.Zero);
        Assert.That(revoked, Does.Contain(keyId));
        Assert.That(after, Is.Null);
        Assert.That(keysAfter, Does.Not.Contain(keyId));
        Assert.That(await AuthenticateAsync(KeyIn(created)), Is.Not.Null);
    }

    [Test]
    public async Task Migrate_OnAFreshDatabase_Exits0AndLeavesItUsable()
    {
        var fresh = await TestRun.CreateDatabaseAsync();

        var (exit, output, error) = await RunOnAsync(fresh, "migrate");
        var (listExit, list, _) = await RunOnAsync(fresh, "users", "list");

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("migrated"));
        Assert.That(listExit, Is.Zero);
        Assert.That(list.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
    }

    [TestCase("users")]
    [TestCase("users", "create")]
    [TestCase("users", "frobnicate", "x")]
    [TestCase("users", "set-limits", "someone")]
    [TestCase("users", "set-limits", "someone", "--upload-limit", "lots", "--download-limit", "1")]
    [TestCase("users", "create", "someone", "--upload-limit", "-5")]
    [TestCase("users", "revoke-key", "someone", "not-a-key-id")]
    [TestCase("migrate", "now")]
    public async Task Command_WithWrongUsage_PrintsTheUsageAndExits2(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("usage:"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task UsersKeys_OfAnUnknownUser_Exits1()
    {
        var (exit, _, error) = await RunAsync("users", "keys", UniqueUser());

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("No user"));
    }

    [Test]
    public async Task Help_PrintsTheUsageAndExits0()
    {
        var (exit, _, error) = await RunAsync("help");

        Assert.That(exit, Is.Zero);
        Assert.That(error, Does.Contain("users create NAME"));
    }

    [TestCase]
    [TestCase("--urls=http://127.0.0.1:0")]
    [TestCase("--AutoDrive:DataDirectory=/tmp/x")]
    public void TryParse_OfServerArguments_AnswersNull(params string[] args) =>
        Assert.That(AdminCommand.TryParse(args), Is.Null);

    [Test]
    public async Task ServerDll_RunsUsersCreate_WithItsExitCodes()
    {
        var name = UniqueUser();

        var (created, output, _) = await RunProcessAsync("users", "create", name);
        var (duplicate, _, error) = await RunProcessAsync("users", "create", name);

        Assert.That(created, Is.Zero);
        Assert.That((await AuthenticateAsync(KeyIn(output)))?.Name, Is.EqualTo(name));
        Assert.That(duplicate, Is.EqualTo(1), error);
    }

    private static string UniqueUser() => $"cli-{Guid.NewGuid():N}";

    private static string KeyIn(string output)
    {
        var match = CreatedKey().Match(output);
        Assert.That(match.Success, Is.True, output);
        return match.Groups["secret"].Value;
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunOnAsync(_connectionString, args);

    /// <summary>As Program does: the command's host arguments configure a host built like the server's; the command runs on its services.</summary>
    private async Task<(int Exit, string Output, string Error)> RunOnAsync(string connectionString, params string[] args)
    {
        var command = AdminCommand.TryParse([.. args, .. HostArguments(connectionString)]);
        Assert.That(command, Is.Not.Null);
        await using var app = BuildHost(command!.HostArgs);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await command.RunAsync(app.Services, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The key's user as the server's authentication sees it (null: refused), on a host of the same configuration.</summary>
    private async Task<AuthenticatedUser?> AuthenticateAsync(string key)
    {
        await using var app = BuildHost(HostArguments(_connectionString));
        var database = app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single();
        await database.StartAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(key, CancellationToken.None);
    }

    private string[] HostArguments(string connectionString) =>
    [
        $"--ConnectionStrings:AutoDrive={connectionString}",
        $"--AutoDrive:DataDirectory={_dataDirectory.Path}",
        "--AutoDrive:LocalUser:Enabled=false",
    ];

    private static WebApplication BuildHost(string[] hostArgs)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.Logging.ClearProviders();
        builder.Services
            .AddApplication()
            .AddInfrastructure(builder.Configuration)
            .AddApi();
        return builder.Build();
    }

    /// <summary>The built server (<c>dotnet AutoDrive.Api.dll ...</c>) in a process of its own.</summary>
    private async Task<(int Exit, string Output, string Error)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(AdminCommand).Assembly.Location);
        foreach (var arg in args.Concat(HostArguments(_connectionString)))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"API key \(shown once; it is also the S3 access key id\): (?<secret>\S+)")]
    private static partial Regex CreatedKey();

    [GeneratedRegex(@"API key (?<id>[0-9a-f-]{36}) \('laptop', shown once\): (?<secret>\S+)")]
    private static partial Regex IssuedKey();
}
