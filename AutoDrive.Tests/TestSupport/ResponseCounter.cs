using System.Collections.Concurrent;
using AutoDrive.Api.S3.Routing;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// What a test gateway answered, counted on the server side (<see cref="GatewaySetup.Responses"/>): every response by
/// status, and by S3 operation and status. Clients that retry hide their 5xx; these counts do not.
/// </summary>
public sealed class ResponseCounter
{
    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private readonly ConcurrentDictionary<(S3Operation? Operation, int Status), int> _byOperation = new();

    /// <summary>Responses with a 5xx status, of any route.</summary>
    public int ServerErrors => _byStatus.Where(s => s.Key >= 500).Sum(s => s.Value);

    /// <summary>Responses of <paramref name="operation"/> with <paramref name="status"/> (any status when null).</summary>
    public int Of(S3Operation operation, int? status = null) =>
        _byOperation.Where(e => e.Key.Operation == operation && (status is null || e.Key.Status == status)).Sum(e => e.Value);

    /// <summary>Every status and how often, with the S3 operation, for a failure message.</summary>
    public string Describe() =>
        string.Join(", ", _byOperation.OrderBy(e => e.Key.Operation?.ToString() ?? string.Empty, StringComparer.Ordinal).ThenBy(e => e.Key.Status)
            .Select(e => $"{e.Key.Operation?.ToString() ?? "(not S3)"} {e.Key.Status}: {e.Value}"));

    /// <summary>Starts over (between phases of a test).</summary>
    public void Reset()
    {
        _byStatus.Clear();
        _byOperation.Clear();
    }

    internal void Record(S3Operation? operation, int status)
    {
        _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        _byOperation.AddOrUpdate((operation, status), 1, (_, n) => n + 1);
    }
}
