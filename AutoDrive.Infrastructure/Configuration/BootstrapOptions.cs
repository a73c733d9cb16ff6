namespace AutoDrive.Infrastructure.Configuration;

/// <summary>
/// Users and keys made sure of at every start (development and tests):
/// <c>AutoDrive:Bootstrap:Users:N:Name</c> and <c>AutoDrive:Bootstrap:Users:N:ApiKey</c>.
/// </summary>
public sealed class BootstrapOptions
{
    public IList<BootstrapUser> Users { get; } = [];
}
