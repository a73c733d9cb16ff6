namespace AutoDrive.Application.Common;

/// <summary>
/// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every layer records AutoDrive's own metrics on
/// (created through <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, so each host has its own). Only the Api
/// layer knows who exports it (OpenTelemetry, for Prometheus at <c>/metrics</c>); the other layers use plain
/// System.Diagnostics.Metrics instruments.
/// </summary>
public static class AutoDriveMeter
{
    public const string Name = "AutoDrive";

    /// <summary>
    /// Histogram buckets for durations in seconds: from a cached read (milliseconds) to a multi-gigabyte upload
    /// (minutes). The SDK's default buckets are meant for milliseconds and would put every request in the first two.
    /// </summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
}
