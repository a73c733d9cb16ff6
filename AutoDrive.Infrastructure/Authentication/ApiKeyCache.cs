using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Users;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Authentication;

/// <summary>
/// The gateway's cache of authenticated keys. It holds entries only while it is <see cref="IsActive"/>: while
/// <see cref="ApiKeyChangeListener"/> is listening for the database's notices of key and user changes (sent by
/// triggers, so every gateway and every way of changing a key is covered). Each notice empties it; so does losing the
/// feed, after which nothing is cached until the feed is back. Changes made through this gateway empty it
/// synchronously as well (<see cref="ApiKeyChangeInterceptor"/>), before the change is answered.
/// </summary>
public sealed class ApiKeyCache(IOptions<ApiKeyCacheOptions> options) : IApiKeyCache
{
    private readonly ConcurrentDictionary<ApiKeyHash, Entry> _entries = new();
    private readonly Lock _gate = new();
    private readonly TimeSpan _ttl = options.Value.KeyCacheTtl;
    private readonly int _capacity = Math.Max(1, options.Value.KeyCacheSize);
    private long _generation;
    private volatile bool _active;

    /// <summary>Raised after every invalidation (tests and diagnostics wait on it).</summary>
    public event EventHandler? Invalidated;

    /// <inheritdoc />
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Whether the change feed is up, so that entries may be kept.</summary>
    public bool IsActive => _active;

    /// <summary>How many keys are cached now.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public bool TryGet(ApiKeyHash hash, DateTimeOffset now, [NotNullWhen(true)] out AuthenticatedUser? caller)
    {
        if (_active && _entries.TryGetValue(hash, out var entry) && entry.FreshUntil > now)
        {
            caller = entry.Caller;
            return true;
        }

        caller = null;
        return false;
    }

    /// <inheritdoc />
    public void Store(ApiKeyHash hash, AuthenticatedUser caller, DateTimeOffset? keyExpiresAt, long generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (_ttl <= TimeSpan.Zero)
        {
            return;
        }

        var freshUntil = now + _ttl;
        if (keyExpiresAt is { } expires && expires < freshUntil)
        {
            freshUntil = expires;
        }

        // Under the lock, so that an invalidation either comes before (the generation differs: not kept) or after
        // (it removes the entry): a lookup that read the state from before a change never outlives the change.
        lock (_gate)
        {
            if (!_active || generation != _generation)
            {
                return;
            }

            if (_entries.Count >= _capacity)
            {
                _entries.Clear();
            }

            _entries[hash] = new Entry(caller, freshUntil);
        }
    }

    /// <inheritdoc />
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }

        Invalidated?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>The change feed is up (listening): entries may be kept from now on.</summary>
    internal void Activate()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
            _active = true;
        }
    }

    /// <summary>The change feed is down: changes could go unnoticed, so nothing is kept until it is back.</summary>
    internal void Deactivate()
    {
        lock (_gate)
        {
            _active = false;
            _generation++;
            _entries.Clear();
        }

        Invalidated?.Invoke(this, EventArgs.Empty);
    }

    private sealed record Entry(AuthenticatedUser Caller, DateTimeOffset FreshUntil);
}
