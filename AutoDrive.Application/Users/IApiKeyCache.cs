using System.Diagnostics.CodeAnalysis;
using AutoDrive.Domain.Users;

namespace AutoDrive.Application.Users;

/// <summary>
/// Recently authenticated keys, so a request does not read its key from the database every time. Whatever can make an
/// entry stale (a key revoked, a user's limits changed, on this gateway or any other sharing the database) empties the
/// cache as soon as it is known; an implementation that cannot learn of such changes (its change feed is down) must
/// keep nothing. <see cref="Generation"/> closes the race of a lookup that read the old state while the change was
/// being made: read it before the lookup and pass it to <see cref="Store"/>, which keeps the entry only if no
/// change was seen in between.
/// </summary>
public interface IApiKeyCache
{
    /// <summary>Changes every time the cache is emptied because something may have changed.</summary>
    long Generation { get; }

    /// <summary>The caller recorded for this key, when it is cached and still fresh at <paramref name="now"/>.</summary>
    bool TryGet(ApiKeyHash hash, DateTimeOffset now, [NotNullWhen(true)] out AuthenticatedUser? caller);

    /// <summary>
    /// Keeps <paramref name="caller"/> for this key, at most until the key expires, unless the cache was emptied since
    /// <paramref name="generation"/> was read.
    /// </summary>
    void Store(ApiKeyHash hash, AuthenticatedUser caller, DateTimeOffset? keyExpiresAt, long generation, DateTimeOffset now);

    /// <summary>Forgets every entry (a key or a user changed).</summary>
    void Invalidate();
}
