namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A misbehaviour of the fake Auto Drive API (<see cref="FaultyAutoDriveApi.Fail"/>): the answers a real remote gives
/// on a bad day (5xx, 429 with Retry-After, slowness, connections reset mid-request, truncated bodies, a wrong CID, a key
/// refused).
/// </summary>
public sealed class Fault
{
    private Fault(FaultKind kind, int statusCode = 0, TimeSpan duration = default, int retryAfterSeconds = 0)
    {
        Kind = kind;
        StatusCode = statusCode;
        Duration = duration;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public static Fault ResetMidBody { get; } = new(FaultKind.ResetMidBody);

    public static Fault TruncatedDownload { get; } = new(FaultKind.TruncatedDownload);

    public static Fault WrongCid { get; } = new(FaultKind.WrongCid);

    public static Fault Unauthorized { get; } = new(FaultKind.Unauthorized, 401);

    public FaultKind Kind { get; }

    /// <summary>The status answered (<see cref="FaultKind.Status"/>, 429, 401).</summary>
    public int StatusCode { get; }

    /// <summary>How long a <see cref="FaultKind.Delay"/> waits.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The <c>Retry-After</c> of a <see cref="FaultKind.TooManyRequests"/>.</summary>
    public int RetryAfterSeconds { get; }

    public static Fault Status(int statusCode) => new(FaultKind.Status, statusCode);

    public static Fault TooManyRequests(int retryAfterSeconds) => new(FaultKind.TooManyRequests, 429, retryAfterSeconds: retryAfterSeconds);

    public static Fault Delay(TimeSpan duration) => new(FaultKind.Delay, duration: duration);

    public override string ToString() => Kind switch
    {
        FaultKind.Status => $"Status({StatusCode})",
        FaultKind.TooManyRequests => $"TooManyRequests(Retry-After: {RetryAfterSeconds})",
        FaultKind.Delay => $"Delay({Duration})",
        _ => Kind.ToString(),
    };
}
