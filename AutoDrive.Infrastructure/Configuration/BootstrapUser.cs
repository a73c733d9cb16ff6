namespace AutoDrive.Infrastructure.Configuration;

public sealed class BootstrapUser
{
    public string Name { get; set; } = string.Empty;

    public string ApiKey { get; set; } = string.Empty;
}
