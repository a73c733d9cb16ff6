namespace AutoDrive.Application.Multipart;

/// <summary>A staged part as the assembly needs it: its number, staged name and size.</summary>
public sealed record StagedPartRef(int Number, string StagedName, long Size);
