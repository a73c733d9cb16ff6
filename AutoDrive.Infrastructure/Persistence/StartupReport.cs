namespace AutoDrive.Infrastructure.Persistence;

/// <summary>
/// What start-up made sure of, for the banner that tells a developer how to connect. It never holds a configured
/// key: only the local user's generated key, at the start that created it, and otherwise the file that holds it.
/// </summary>
public sealed class StartupReport
{
    private readonly List<StartupUser> _users = [];

    public IReadOnlyList<StartupUser> Users
    {
        get
        {
            lock (_users)
            {
                return [.. _users];
            }
        }
    }

    public void AddUser(StartupUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_users)
        {
            _users.Add(user);
        }
    }
}
