using System.Diagnostics;
using System.Diagnostics.Metrics;
using AutoDrive.Application.Common;

namespace AutoDrive.Infrastructure.Dsn;

/// <summary>
/// The DSN store's latency, as <c>autodrive.store.duration</c> (seconds) by <c>store</c> (local, network),
/// <c>operation</c> (begin_write, write, commit, open_read, exists, store_folder, describe_file, get_status) and
/// <c>outcome</c> (ok, error). <c>write</c> is the time spent pushing one content's bytes, recorded once per content.
/// </summary>
internal sealed class DsnStoreMetrics
{
    private readonly Histogram<double> _duration;
    private readonly KeyValuePair<string, object?> _store;

    public DsnStoreMetrics(IMeterFactory meters, DsnKind kind)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(AutoDriveMeter.Name);
        _duration = meter.CreateHistogram(
            "autodrive.store.duration",
            unit: "s",
            description: "Time spent in the DSN store, by operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AutoDriveMeter.DurationBuckets });
        _store = new("store", kind == DsnKind.AutoDriveApi ? "network" : "local");
    }

    public void Record(string operation, long startTimestamp, bool succeeded) =>
        RecordElapsed(operation, Stopwatch.GetElapsedTime(startTimestamp), succeeded);

    public void RecordElapsed(string operation, TimeSpan elapsed, bool succeeded) =>
        _duration.Record(elapsed.TotalSeconds, _store, new("operation", operation), new("outcome", succeeded ? "ok" : "error"));
}
