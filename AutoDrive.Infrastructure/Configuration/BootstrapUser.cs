namespace AutoDrive.Infrastructure.Configuration;

/// <summary>A user made sure of at every start, with their limits in bytes (absent: unlimited).</summary>
public sealed class BootstrapUser
{
    public string Name { get; set; } = string.Empty;

    public string ApiKey { get; set; } = string.Empty;

    public long? UploadLimit { get; set; }

    public long? DownloadLimit { get; set; }
}
