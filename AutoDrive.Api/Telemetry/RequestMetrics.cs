using System.Diagnostics;
using System.Diagnostics.Metrics;
using AutoDrive.Application.Common;

namespace AutoDrive.Api.Telemetry;

/// <summary>
/// The request instruments, all labelled <c>api</c> (s3, native, other), <c>operation</c> (the S3 operation, e.g.
/// PutObject; the native route, e.g. <c>GET api/objects/{cid}</c>) and <c>status</c> (the HTTP status code):
/// <c>autodrive.requests</c> (count), <c>autodrive.request.duration</c> (seconds, a histogram),
/// <c>autodrive.request.body.size</c> and <c>autodrive.response.body.size</c> (bytes, counters). Labels never carry a
/// bucket, key, CID or user: their number stays bounded.
/// </summary>
public sealed class RequestMetrics
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;

    public RequestMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(AutoDriveMeter.Name);
        _requests = meter.CreateCounter<long>("autodrive.requests", unit: "{request}", description: "Requests answered, by API, operation and status.");
        _duration = meter.CreateHistogram(
            "autodrive.request.duration",
            unit: "s",
            description: "Time from the request's arrival to the end of its response, by API, operation and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AutoDriveMeter.DurationBuckets });
        _bytesIn = meter.CreateCounter<long>("autodrive.request.body.size", unit: "By", description: "Request body bytes read, by API, operation and status.");
        _bytesOut = meter.CreateCounter<long>("autodrive.response.body.size", unit: "By", description: "Response body bytes written, by API, operation and status.");
    }

    public void Record(string api, string operation, int status, TimeSpan duration, long bytesIn, long bytesOut)
    {
        var tags = new TagList { { "api", api }, { "operation", operation }, { "status", status } };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
        _bytesIn.Add(bytesIn, tags);
        _bytesOut.Add(bytesOut, tags);
    }
}
