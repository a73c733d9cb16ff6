namespace AutoDrive.Tests.TestSupport;

/// <summary>What a <see cref="Fault"/> does to a request of <see cref="FaultyAutoDriveApi"/>.</summary>
public enum FaultKind
{
    /// <summary>Answers a status code (a ProblemDetails body) instead of serving.</summary>
    Status,

    /// <summary>Answers 429 with a <c>Retry-After</c> in seconds.</summary>
    TooManyRequests,

    /// <summary>Waits, then serves normally (the wait ends early when the client gives up).</summary>
    Delay,

    /// <summary>Reads part of the request body, then aborts the connection.</summary>
    ResetMidBody,

    /// <summary>A download announces the whole range's Content-Length, sends half of it, then aborts the connection.</summary>
    TruncatedDownload,

    /// <summary>Complete answers the CID of other bytes, and stores nothing.</summary>
    WrongCid,

    /// <summary>Answers 401 whatever the key.</summary>
    Unauthorized,
}
