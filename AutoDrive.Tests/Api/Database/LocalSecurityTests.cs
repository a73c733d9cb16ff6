using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace AutoDrive.Tests.Api.Database;

/// <summary>
/// Local security, with the built server run as a process on its own cluster and data directory: another local
/// account (<c>nobody</c>) can neither connect to the embedded PostgreSQL (over TCP without the secret; there is no
/// Unix socket) nor read stored bytes, the local key or the database secret; what the server creates is 0700/0600;
/// API keys never reach the server's output except the local user's generated key at the start that creates it;
/// a bootstrap key removed from configuration is refused.
/// </summary>
[NonParallelizable]
[SupportedOSPlatform("linux")]
public partial class LocalSecurityTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> LocalUserOnly = new() { ["AutoDrive__LocalUser__Enabled"] = "true" };

    [Test]
    public async Task AnotherLocalAccount_CannotConnectToTheClusterNorReadStoredBytesOrSecrets()
    {
        RequireRootAndNobody();
        await using var gateway = await EmbeddedGateway.StartAsync(LocalUserOnly);
        var key = LocalKeyPrinted(gateway.Process!.Output);
        using (var http = gateway.S3Client(key, HangGuard))
        using (var put = await http.PutAsync("secrets/tenant.bin", new ByteArrayContent(RandomNumberGenerator.GetBytes(4096))))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var port = gateway.PostmasterPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var secret = (await File.ReadAllTextAsync(gateway.PasswordFile)).Trim();
        var storedFiles = Directory.EnumerateFiles(Path.Combine(gateway.DataDirectory, "dsn"), "*", SearchOption.AllDirectories).ToList();
        var keyFile = Path.Combine(gateway.DataDirectory, "local-api-key");

        // Controls: AutoDrive's own user connects with the secret and reads the files, so the refusals below are
        // about who asks, not about a wrong port, a missing psql or missing files.
        Assert.That((await RunAsync(null, secret, "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-w", "-tAc", "SELECT 1")).Output.Trim(), Is.EqualTo("1"));
        Assert.That(storedFiles, Is.Not.Empty);

        // Control: commands do run as nobody (so a failure below is a refusal, not a failed setpriv).
        var control = await RunAsync("nobody", null, "id", "-un");
        Assert.That(control.Output.Trim(), Is.EqualTo("nobody"), control.Output);
        var tcp = await RunAsync("nobody", null, "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-w", "-tAc", "SELECT 1");
        Assert.That(tcp.ExitCode, Is.Not.Zero, tcp.Output);
        Assert.That(tcp.Output, Does.Contain("password"), "refused for want of the password");
        var wrong = await RunAsync("nobody", "not-the-secret", "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-w", "-tAc", "SELECT 1");
        Assert.That(wrong.Output, Does.Contain("password authentication failed"));
        foreach (var socketDirectory in (string[])["/var/run/postgresql", "/tmp", gateway.ClusterDirectory])
        {
            var socket = await RunAsync("nobody", null, "psql", "-h", socketDirectory, "-p", port, "-U", "postgres", "-d", "postgres", "-w", "-tAc", "SELECT 1");
            Assert.That(socket.ExitCode, Is.Not.Zero, $"no Unix socket in {socketDirectory}: {socket.Output}");
        }

        foreach (var file in storedFiles.Take(20).Append(keyFile).Append(gateway.PasswordFile))
        {
            Assert.That((await RunAsync(null, null, "cat", file)).ExitCode, Is.Zero, $"control: root reads {file}");
            var read = await RunAsync("nobody", null, "cat", file);
            Assert.That(read.ExitCode, Is.Not.Zero, $"nobody reads {file}: {read.Output}");
        }

        var listing = await RunAsync("nobody", null, "ls", gateway.DataDirectory);
        Assert.That(listing.ExitCode, Is.Not.Zero, $"nobody lists the data directory: {listing.Output}");
    }

    [Test]
    public async Task Start_CreatesPrivateDirectoriesAndFiles()
    {
        Assume.That(OperatingSystem.IsLinux(), "Unix modes");
        await using var gateway = await EmbeddedGateway.StartAsync(LocalUserOnly);
        using (var http = gateway.S3Client(LocalKeyPrinted(gateway.Process!.Output), HangGuard))
        using (var put = await http.PutAsync("modes/object.bin", new ByteArrayContent(RandomNumberGenerator.GetBytes(300_000))))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var others = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        var dsn = Path.Combine(gateway.DataDirectory, "dsn");
        Assert.That(File.GetUnixFileMode(gateway.DataDirectory) & others, Is.EqualTo(UnixFileMode.None), "data directory closed to others");
        Assert.That(File.GetUnixFileMode(Path.Combine(gateway.DataDirectory, "postgres")) & others, Is.EqualTo(UnixFileMode.None));
        foreach (var directory in Directory.EnumerateDirectories(dsn, "*", SearchOption.AllDirectories).Prepend(dsn))
        {
            Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), directory);
        }

        var files = Directory.EnumerateFiles(dsn, "*", SearchOption.AllDirectories)
            .Append(Path.Combine(gateway.DataDirectory, "local-api-key"))
            .Append(gateway.PasswordFile)
            .ToList();
        Assert.That(files, Has.Count.GreaterThan(2));
        foreach (var file in files)
        {
            Assert.That(File.GetUnixFileMode(file) & (group | others), Is.EqualTo(UnixFileMode.None), file);
        }

        Assert.That(await File.ReadAllTextAsync(Path.Combine(gateway.ClusterDirectory, "pg_hba.conf")), Does.Not.Contain("trust").And.Contain("scram-sha-256"));
    }

    [Test]
    public async Task ApiKeys_LocalKeyPrintedOnceBootstrapKeysNeverAndARemovedBootstrapKeyIsRefused()
    {
        Assume.That(OperatingSystem.IsLinux(), "runs the server as a process");
        await using var gateway = await EmbeddedGateway.StartAsync(LocalUserOnly);
        var local = LocalKeyPrinted(gateway.Process!.Output);
        Assert.That(await StatusAsync(gateway, local), Is.EqualTo(HttpStatusCode.OK));

        // Second start: the key is not printed again; the banner names the file that holds it, and it still works.
        await gateway.RestartAsync(LocalUserOnly);
        Assert.That(gateway.Process.Output, Does.Not.Contain(local));
        Assert.That(gateway.Process.Output, Does.Contain(Path.Combine(gateway.DataDirectory, "local-api-key")));
        Assert.That(await StatusAsync(gateway, local), Is.EqualTo(HttpStatusCode.OK));

        // Configured keys are never printed.
        var alice = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var bob = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await gateway.RestartAsync(new Dictionary<string, string?>
        {
            ["AutoDrive__Bootstrap__Users__0__Name"] = "alice",
            ["AutoDrive__Bootstrap__Users__0__ApiKey"] = alice,
            ["AutoDrive__Bootstrap__Users__1__Name"] = "bob",
            ["AutoDrive__Bootstrap__Users__1__ApiKey"] = bob,
        });
        Assert.That(gateway.Process.Output, Does.Not.Contain(alice).And.Not.Contain(bob).And.Not.Contain(local));
        Assert.That(await StatusAsync(gateway, alice), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(gateway, local), Is.EqualTo(HttpStatusCode.Forbidden), "the local user's key is no longer configured");

        // alice's key removed from configuration: refused from the next start on; bob's still works.
        await gateway.RestartAsync(new Dictionary<string, string?>
        {
            ["AutoDrive__Bootstrap__Users__0__Name"] = "bob",
            ["AutoDrive__Bootstrap__Users__0__ApiKey"] = bob,
        });
        Assert.That(gateway.Process.Output, Does.Not.Contain(bob));
        Assert.That(await StatusAsync(gateway, alice), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StatusAsync(gateway, bob), Is.EqualTo(HttpStatusCode.OK));
    }

    [GeneratedRegex(@"API key of user 'local': ([0-9a-f]{48}) \(shown once")]
    private static partial Regex LocalKeyLine();

    private static string LocalKeyPrinted(string output)
    {
        var match = LocalKeyLine().Match(output);
        Assert.That(match.Success, Is.True, $"the first start prints the local key:\n{output}");
        return match.Groups[1].Value;
    }

    /// <summary>The status of a PUT with <paramref name="apiKey"/>.</summary>
    private static async Task<HttpStatusCode> StatusAsync(EmbeddedGateway gateway, string apiKey)
    {
        using var http = gateway.S3Client(apiKey, HangGuard);
        using var response = await http.PutAsync($"keys/{Guid.NewGuid():N}", new ByteArrayContent("k"u8.ToArray()));
        return response.StatusCode;
    }

    private static void RequireRootAndNobody()
    {
        Assume.That(OperatingSystem.IsLinux(), "Unix accounts");
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("Running a command as another local account (nobody) takes root; these tests do not run as root.");
        }

        Assume.That(File.Exists("/usr/bin/setpriv") && File.Exists("/usr/bin/psql"), "setpriv and psql are installed");
    }

    private static string PrimaryGroup(string user) =>
        File.ReadLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == user)[3];

    /// <summary>Runs a command, as <paramref name="user"/> (setpriv, no supplementary groups) when given, with PGPASSWORD.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string? user, string? password, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(user is null ? program : "/usr/bin/setpriv")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (user is not null)
        {
            // The user's own primary group (nobody's is nogroup, 65534, on Debian).
            var group = Environment.IsPrivilegedProcess ? PrimaryGroup(user) : user;
            foreach (var argument in (string[])[$"--reuid={user}", $"--regid={group}", "--clear-groups", program])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        if (password is not null)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output + await error);
    }
}
