using System.Collections.Concurrent;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Remote;

namespace AutoDrive.Tests.Infrastructure.Dsn.Remote;

/// <summary>Folder nodes kept in memory: the network adapter needs a store for them, and these tests store no folder.</summary>
internal sealed class InMemoryFolderNodeStore : IFolderNodeStore
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<byte[]>> _folders = new(StringComparer.Ordinal);

    public Task<bool> SaveAsync(Cid cid, IReadOnlyList<byte[]> nodes, CancellationToken cancellationToken) =>
        Task.FromResult(_folders.TryAdd(cid.Value, nodes));

    public Task<long?> GetNodeCountAsync(Cid cid, CancellationToken cancellationToken) =>
        Task.FromResult(_folders.TryGetValue(cid.Value, out var nodes) ? (long?)nodes.Count : null);
}
