namespace AutoDrive.Infrastructure.Dsn;

/// <summary>
/// The <c>AutoDrive:Dsn</c> configuration section: where content is stored. The network adapter's own settings are
/// <see cref="Remote.AutoDriveApiOptions"/> (<c>AutoDrive:Dsn:AutoDriveApi</c>).
/// </summary>
public sealed class DsnOptions
{
    public const string SectionName = "AutoDrive:Dsn";

    public DsnKind Kind { get; set; } = DsnKind.Local;
}
