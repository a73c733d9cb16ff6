using System.Security.Cryptography;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// The local development user's key, generated once and kept readable only by the server's OS user, so that
/// every start can print it (the database stores only its hash).
/// </summary>
internal static class LocalApiKeyFile
{
    public const string FileName = "local-api-key";

    public static string ReadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key);
        }

        return key;
    }
}
