namespace AutoDrive.Tests.TestSupport;

/// <summary>The routes of the native Auto Drive API that <see cref="FaultyAutoDriveApi"/> serves, for faults and its log.</summary>
public enum FakeRoute
{
    /// <summary><c>GET accounts/@me</c>.</summary>
    Account,

    /// <summary><c>POST uploads/file</c>.</summary>
    Create,

    /// <summary><c>POST uploads/file/{id}/chunk</c>.</summary>
    Chunk,

    /// <summary><c>POST uploads/{id}/complete</c>.</summary>
    Complete,

    /// <summary><c>GET downloads/{cid}</c>.</summary>
    Download,

    /// <summary><c>GET objects/{cid}/status</c>.</summary>
    Status,

    /// <summary><c>GET objects/{cid}/metadata</c>.</summary>
    Metadata,
}
