using System.Globalization;
using AutoDrive.Application.Admin;
using AutoDrive.Domain.Common;
using AutoDrive.Infrastructure.Persistence;

namespace AutoDrive.Api.Hosting;

/// <summary>
/// The server's operator commands, run instead of the server (<c>dotnet AutoDrive.Api.dll users create alice</c>): they
/// start the database the server would use (the embedded cluster, or <c>ConnectionStrings:AutoDrive</c>), apply the
/// migrations, do one thing and stop. Configuration is the server's own (<c>--AutoDrive:DataDirectory=…</c> and the
/// like pass through). With the embedded cluster, a running server holds it: use the admin API then.
/// </summary>
public sealed class AdminCommand
{
    public const string Usage = """
        usage: dotnet AutoDrive.Api.dll <command> [--AutoDrive:Key=value ...]
          users create NAME [--upload-limit BYTES] [--download-limit BYTES]   a user and their first API key
          users list                                                        users with usage and credits
          users set-limits NAME --upload-limit BYTES|unlimited --download-limit BYTES|unlimited
          users create-key NAME [--name KEY_NAME]                           another API key (shown once)
          users keys NAME                                                   a user's keys (masked)
          users revoke-key NAME KEY_ID                                      refused by both APIs at once
          migrate                                                           apply the database migrations
        NAME is a user's name or id. BYTES is a number of bytes.
        """;

    private readonly string[] _words;
    private readonly Dictionary<string, string> _options;

    private AdminCommand(string[] words, Dictionary<string, string> options, string[] hostArgs)
    {
        _words = words;
        _options = options;
        HostArgs = hostArgs;
    }

    /// <summary>The arguments left for the host's configuration (<c>--Section:Key=value</c>).</summary>
    public string[] HostArgs { get; }

    /// <summary>The command in <paramref name="args"/>, or null when they start the server.</summary>
    public static AdminCommand? TryParse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is not ("users" or "migrate" or "help"))
        {
            return null;
        }

        var words = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && (arg.Contains(':', StringComparison.Ordinal) || arg.Contains('=', StringComparison.Ordinal)))
            {
                host.Add(arg);
            }
            else if (arg is "--upload-limit" or "--download-limit" or "--name" && i + 1 < args.Length)
            {
                options[arg[2..]] = args[++i];
            }
            else
            {
                words.Add(arg);
            }
        }

        return new AdminCommand([.. words], options, [.. host]);
    }

    /// <summary>Runs the command; returns the process exit code (0 done, 1 refused, 2 wrong usage).</summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (_words is ["help"] || !IsKnown())
        {
            await error.WriteLineAsync(Usage);
            return _words is ["help"] ? 0 : 2;
        }

        var database = services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single();
        try
        {
            await database.StartAsync(CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"Cannot open the database: {e.Message}");
            await error.WriteLineAsync("While the server runs, use its admin API instead (/api/admin with AutoDrive:Admin:ApiKey).");
            return 1;
        }

        try
        {
            await using var scope = services.CreateAsyncScope();
            await RunAsync(scope.ServiceProvider.GetRequiredService<AdminService>(), output);
            return 0;
        }
        catch (DomainException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync(e.Message);
            await error.WriteLineAsync(Usage);
            return 2;
        }
        finally
        {
            await database.StopAsync(CancellationToken.None);
        }
    }

    private bool IsKnown() => _words switch
    {
        ["migrate"] => true,
        ["users", "list"] => true,
        ["users", "create" or "set-limits" or "create-key" or "keys", _] => true,
        ["users", "revoke-key", _, _] => true,
        _ => false,
    };

    private async Task RunAsync(AdminService admin, TextWriter output)
    {
        switch (_words)
        {
            case ["migrate"]:
                await output.WriteLineAsync("The database is migrated.");
                break;
            case ["users", "create", var name]:
                var (user, key) = await admin.CreateUserAsync(name, Limit("upload-limit"), Limit("download-limit"), CancellationToken.None);
                await output.WriteLineAsync($"Created user '{user.Name}' (id {user.Id}, public id {user.PublicId}); limits: upload {Show(user.UploadLimit)}, download {Show(user.DownloadLimit)}.");
                await output.WriteLineAsync($"API key (shown once; it is also the S3 access key id): {key.Secret}");
                break;
            case ["users", "list"]:
                var page = await admin.ListUsersAsync(AdminService.MaxPageSize, 0, CancellationToken.None);
                await output.WriteLineAsync("name\tid\tobjects\tbytes\ts3 keys\tuploaded\tupload limit\tdownloaded\tdownload limit\tactive keys");
                foreach (var u in page.Users)
                {
                    await output.WriteLineAsync(string.Join('\t', u.Name, u.Id, u.Objects, u.Bytes, u.Keys, u.UploadedBytes, Show(u.UploadLimit), u.DownloadedBytes, Show(u.DownloadLimit), u.ActiveApiKeys));
                }

                break;
            case ["users", "set-limits", var name]:
                var limited = await admin.SetLimitsAsync(name, Limit("upload-limit", required: true), Limit("download-limit", required: true), CancellationToken.None);
                await output.WriteLineAsync($"User '{limited.Name}': upload limit {Show(limited.UploadLimit)} ({limited.UploadedBytes} used), download limit {Show(limited.DownloadLimit)} ({limited.DownloadedBytes} used).");
                break;
            case ["users", "create-key", var name]:
                var issued = await admin.CreateKeyAsync(name, _options.GetValueOrDefault("name"), null, CancellationToken.None);
                await output.WriteLineAsync($"API key {issued.Key.Id} ('{issued.Key.Name}', shown once): {issued.Secret}");
                break;
            case ["users", "keys", var name]:
                foreach (var k in await admin.ListKeysAsync(name, CancellationToken.None))
                {
                    await output.WriteLineAsync($"{k.Id}\t{k.Name}\t{k.MaskedSecret}\tcreated {k.CreatedAt:u}" + (k.ExpiresAt is { } e ? $"\texpires {e:u}" : string.Empty));
                }

                break;
            case ["users", "revoke-key", var name, var keyId]:
                if (!Guid.TryParse(keyId, out var id))
                {
                    throw new FormatException($"'{keyId}' is not a key id (see 'users keys {name}').");
                }

                await admin.RevokeKeyAsync(name, id, CancellationToken.None);
                await output.WriteLineAsync($"Revoked key {id}.");
                break;
        }
    }

    private long? Limit(string option, bool required = false)
    {
        if (!_options.TryGetValue(option, out var value))
        {
            return required ? throw new FormatException($"--{option} is required (a number of bytes, or 'unlimited').") : null;
        }

        return value == "unlimited"
            ? null
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? bytes
                : throw new FormatException($"--{option} is a number of bytes or 'unlimited', not '{value}'.");
    }

    private static string Show(long? limit) => limit?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
}
