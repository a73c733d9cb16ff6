namespace AutoDrive.Infrastructure.Configuration;

/// <summary>
/// The operator's access: <c>AutoDrive:Admin:ApiKey</c>, sent as <c>Authorization: Bearer &lt;key&gt;</c> to the routes under
/// <c>/api/admin</c>. Not a user's key: it reaches no bucket or object. Without it, the admin routes refuse every request
/// (the server's <c>users</c> command still works).
/// </summary>
public sealed class AdminOptions
{
    public string? ApiKey { get; set; }
}
