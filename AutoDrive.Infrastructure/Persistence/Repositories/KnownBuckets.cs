using System.Collections.Concurrent;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

/// <summary>
/// Buckets this gateway has seen committed in the database. Buckets are never removed (DeleteBucket is refused, like
/// every delete), so a bucket known once stays known, and a write into it needs no "create if missing" statement. Only
/// buckets found already committed are added (never one this gateway's own transaction is still inserting, which could
/// roll back). Bounded: when full, it starts over.
/// </summary>
internal sealed class KnownBuckets
{
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<(Guid Owner, string Name), byte> _known = new();

    public bool Contains(Guid ownerId, string name) => _known.ContainsKey((ownerId, name));

    public void Add(Guid ownerId, string name)
    {
        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }

        _known.TryAdd((ownerId, name), 0);
    }
}
