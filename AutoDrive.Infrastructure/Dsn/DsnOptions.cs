using AutoDrive.Infrastructure.Dsn.Remote;

namespace AutoDrive.Infrastructure.Dsn;

/// <summary>The <c>AutoDrive:Dsn</c> configuration section: where content is stored.</summary>
public sealed class DsnOptions
{
    public const string SectionName = "AutoDrive:Dsn";

    public DsnKind Kind { get; set; } = DsnKind.Local;

    public AutoDriveApiOptions AutoDriveApi { get; set; } = new();
}
