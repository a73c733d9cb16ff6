using System.Security.Cryptography;
using AutoDrive.Infrastructure.Configuration;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// The local development user's key, generated once and kept in a file readable only by the server's OS user
/// (0600): the database stores only its hash, and the key is printed only at the start that creates it.
/// </summary>
internal static class LocalApiKeyFile
{
    public const string FileName = "local-api-key";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The key in the file, or a new one written there; <c>Created</c> says which.</summary>
    public static (string Key, bool Created) ReadOrCreate(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
        {
            PrivateFiles.CreateDirectory(dataDirectory);
        }

        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows())
            {
                // A file from before keys were kept private, or loosened since: tightened.
                File.SetUnixFileMode(path, PrivateFiles.FileMode);
            }

            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return (existing, false);
            }
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using (var stream = new FileStream(path, PrivateFiles.Create(FileMode.Create)))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key);
        }

        return (key, true);
    }
}
