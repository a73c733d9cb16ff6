namespace AutoDrive.Infrastructure.Dsn;

/// <summary>Which adapter stores the content: <c>AutoDrive:Dsn:Kind</c>.</summary>
public enum DsnKind
{
    /// <summary>The embedded local store under <c>&lt;DataDirectory&gt;/dsn</c> (the default). Gateways must share that directory.</summary>
    Local,

    /// <summary>The Auto Drive network, through its native API (<see cref="Remote.AutoDriveApiOptions"/>). Gateways share only PostgreSQL.</summary>
    AutoDriveApi,
}
