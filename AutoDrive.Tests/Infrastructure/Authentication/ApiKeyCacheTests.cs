using AutoDrive.Application.Users;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Authentication;
using Microsoft.Extensions.Options;

namespace AutoDrive.Tests.Infrastructure.Authentication;

/// <summary>
/// The key cache's rules: nothing is kept while the change feed is down; an entry lives at most the TTL and never past
/// its key's expiry; an invalidation empties it; and a lookup that started before an invalidation is not kept.
/// </summary>
public class ApiKeyCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);
    private static readonly ApiKeyHash Key = ApiKeyHash.Compute("alice-key");
    private static readonly AuthenticatedUser Alice = new(Guid.NewGuid(), "alice");

    private static ApiKeyCache Active(TimeSpan? ttl = null)
    {
        var cache = new ApiKeyCache(Options.Create(new ApiKeyCacheOptions { KeyCacheTtl = ttl ?? TimeSpan.FromSeconds(30) }));
        cache.Activate();
        return cache;
    }

    [Test]
    public void Store_WhileTheFeedIsDown_KeepsNothing()
    {
        var cache = new ApiKeyCache(Options.Create(new ApiKeyCacheOptions()));

        cache.Store(Key, Alice, null, cache.Generation, Now);

        Assert.That(cache.TryGet(Key, Now, out _), Is.False);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Store_ThenTryGet_WithinTheTtl_ReturnsTheCaller_AndNotAfterIt()
    {
        var cache = Active(TimeSpan.FromSeconds(30));

        cache.Store(Key, Alice, null, cache.Generation, Now);

        Assert.That(cache.TryGet(Key, Now.AddSeconds(29), out var caller), Is.True);
        Assert.That(caller, Is.SameAs(Alice));
        Assert.That(cache.TryGet(Key, Now.AddSeconds(30), out _), Is.False);
        Assert.That(cache.TryGet(ApiKeyHash.Compute("other"), Now, out _), Is.False);
    }

    [Test]
    public void Store_OfAKeyExpiringBeforeTheTtl_IsNotServedPastTheKeysExpiry()
    {
        var cache = Active(TimeSpan.FromSeconds(30));

        cache.Store(Key, Alice, Now.AddSeconds(5), cache.Generation, Now);

        Assert.That(cache.TryGet(Key, Now.AddSeconds(4), out _), Is.True);
        Assert.That(cache.TryGet(Key, Now.AddSeconds(5), out _), Is.False);
    }

    [Test]
    public void Store_WithAGenerationReadBeforeAnInvalidation_IsNotKept()
    {
        var cache = Active();
        var before = cache.Generation;

        cache.Invalidate();
        cache.Store(Key, Alice, null, before, Now);

        Assert.That(cache.TryGet(Key, Now, out _), Is.False);
    }

    [Test]
    public void Invalidate_And_Deactivate_EmptyTheCache_AndDeactivatedItKeepsNothingUntilActivated()
    {
        var cache = Active();
        var invalidations = 0;
        cache.Invalidated += (_, _) => invalidations++;
        cache.Store(Key, Alice, null, cache.Generation, Now);

        cache.Invalidate();
        var afterInvalidate = cache.TryGet(Key, Now, out _);
        cache.Store(Key, Alice, null, cache.Generation, Now);
        cache.Deactivate();
        var afterDeactivate = cache.TryGet(Key, Now, out _);
        cache.Store(Key, Alice, null, cache.Generation, Now);
        var storedWhileDown = cache.Count;
        cache.Activate();
        cache.Store(Key, Alice, null, cache.Generation, Now);

        Assert.That(afterInvalidate, Is.False);
        Assert.That(afterDeactivate, Is.False);
        Assert.That(storedWhileDown, Is.Zero);
        Assert.That(cache.TryGet(Key, Now, out _), Is.True);
        Assert.That(invalidations, Is.EqualTo(2));
    }

    [Test]
    public void Store_WithAZeroTtl_KeepsNothing()
    {
        var cache = Active(TimeSpan.Zero);

        cache.Store(Key, Alice, null, cache.Generation, Now);

        Assert.That(cache.Count, Is.Zero);
    }
}
