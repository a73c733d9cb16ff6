namespace AutoDrive.Infrastructure.Persistence.Configurations;

/// <summary>A row of <c>folder_entries</c>: a child of a stored folder at its link position (written and read by SQL).</summary>
internal sealed class FolderEntryRow
{
    public string FolderCid { get; set; } = string.Empty;

    public int Position { get; set; }

    public string ChildCid { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public long Size { get; set; }
}
