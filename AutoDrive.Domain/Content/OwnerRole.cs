namespace AutoDrive.Domain.Content;

/// <summary>How a user holds a content: they uploaded it (through either API), or another owner shared it with them.</summary>
public enum OwnerRole
{
    Admin = 0,
    Viewer = 1,
}
