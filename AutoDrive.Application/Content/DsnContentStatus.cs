namespace AutoDrive.Application.Content;

/// <summary>How far a content is on its way onto the DSN: nodes in all, handed over, and archived (durably stored).</summary>
public sealed record DsnContentStatus(long TotalNodes, long UploadedNodes, long ArchivedNodes);
