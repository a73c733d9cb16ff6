namespace AutoDrive.Infrastructure.Persistence;

/// <summary>What start-up made sure of, for the banner that tells a developer how to connect.</summary>
public sealed class StartupReport
{
    private readonly List<(string Name, string ApiKey)> _users = [];

    public IReadOnlyList<(string Name, string ApiKey)> Users
    {
        get
        {
            lock (_users)
            {
                return [.. _users];
            }
        }
    }

    public void AddUser(string name, string apiKey)
    {
        lock (_users)
        {
            _users.Add((name, apiKey));
        }
    }
}
