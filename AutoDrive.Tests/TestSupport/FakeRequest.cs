namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// One request as <see cref="FaultyAutoDriveApi"/> saw it, in arrival order: the route, what it asked, the fault it got
/// (if any) and what was answered. Times are read from a monotonic clock, relative to the fake's start, so that an
/// order of events (a retry after a refusal) can be checked without wall-clock jumps.
/// </summary>
public sealed class FakeRequest
{
    internal FakeRequest(FakeRoute route, string method, string path, string? range, DateTimeOffset time, TimeSpan receivedAt)
    {
        Route = route;
        Method = method;
        Path = path;
        Range = range;
        Time = time;
        ReceivedAt = receivedAt;
    }

    public FakeRoute Route { get; }

    public string Method { get; }

    /// <summary>The path, without the query.</summary>
    public string Path { get; }

    /// <summary>The <c>Range</c> header as sent, or null.</summary>
    public string? Range { get; }

    /// <summary>Wall-clock arrival time (for people reading a failure).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Arrival, on the fake's monotonic clock.</summary>
    public TimeSpan ReceivedAt { get; }

    /// <summary>When the answer's headers started to go out (null: no answer, the connection was aborted).</summary>
    public TimeSpan? RespondedAt { get; internal set; }

    /// <summary>The status answered, or null when the connection was aborted before any answer.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>The fault applied to this request, or null.</summary>
    public Fault? Fault { get; internal set; }

    /// <summary>Content bytes written to the response body (downloads).</summary>
    public long BytesServed { get; internal set; }

    /// <summary>The chunk index a chunk upload carried, once its form was read.</summary>
    public int? ChunkIndex { get; internal set; }

    /// <summary>The request ended without a complete answer (the fake aborted it, or the client went away).</summary>
    public bool Aborted { get; internal set; }

    public override string ToString() =>
        $"{ReceivedAt.TotalMilliseconds,8:0}ms {Method} {Path}{(Range is null ? string.Empty : " Range: " + Range)}"
        + $" -> {(StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}"
        + (Fault is null ? string.Empty : $" [{Fault}]")
        + (ChunkIndex is null ? string.Empty : $" index={ChunkIndex}")
        + (BytesServed > 0 ? $" served={BytesServed}" : string.Empty)
        + (Aborted ? " aborted" : string.Empty);
}
