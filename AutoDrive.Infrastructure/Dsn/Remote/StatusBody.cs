namespace AutoDrive.Infrastructure.Dsn.Remote;

/// <summary>The remote's <c>GET objects/{cid}/status</c> (the fields the adapter reads).</summary>
public sealed record StatusBody(long UploadedNodes, long TotalNodes, long ArchivedNodes);
