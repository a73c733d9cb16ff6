namespace AutoDrive.Infrastructure.Authentication;

/// <summary>How long an authenticated key is remembered (<c>AutoDrive:Authentication</c>).</summary>
public sealed class ApiKeyCacheOptions
{
    public const string SectionName = "AutoDrive:Authentication";

    /// <summary>
    /// The longest an authenticated key is kept without being read again; zero turns the cache off. Revocations and
    /// limit changes do not wait for it: they empty the cache of every gateway as soon as they commit.
    /// </summary>
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most keys kept at once; when full, the cache starts over (a bound on memory, not an eviction policy).</summary>
    public int KeyCacheSize { get; set; } = 10_000;

    /// <summary>How often the change feed's idle connection is checked, so a silently dead one stops the cache soon.</summary>
    public TimeSpan ChangeFeedCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
