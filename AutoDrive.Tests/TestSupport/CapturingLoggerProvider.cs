using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A logger provider that keeps every record a host writes (category, level, event, the formatted message and the
/// structured values), for tests of what a gateway logs. Give it to a gateway through
/// <see cref="GatewaySetup.LoggerProvider"/>.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();

    public IReadOnlyList<CapturedLog> Records => [.. _records];

    /// <summary>Forgets what was captured so far (e.g. the start-up's records).</summary>
    public void Clear() => _records.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            records.Enqueue(new CapturedLog(
                category,
                logLevel,
                eventId,
                formatter(state, exception),
                values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
                exception?.ToString()));
        }
    }
}
