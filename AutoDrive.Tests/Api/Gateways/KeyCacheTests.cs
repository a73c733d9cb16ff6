using System.Net;
using Amazon.S3;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Authentication;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AutoDrive.Tests.Api.Gateways;

/// <summary>
/// Two gateways A and B on one database, each caching the keys it authenticates. A key revoked through A, or straight
/// in the database, is refused by B as soon as the database's notice reaches B (each test waits for that notice, then
/// asserts on B's next request: the order is forced, not hoped for). Credits used do not send notices (a sentinel
/// notice sent after them is the only one heard), and B's feed survives its connection being killed.
/// </summary>
[NonParallelizable]
public class KeyCacheTests
{
    /// <summary>A guard against a hang (a notice that never comes), not a speed requirement.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private AutoDriveServer? _a;
    private AutoDriveServer? _b;

    private AutoDriveServer A => _a!;

    private AutoDriveServer B => _b!;

    private ApiKeyCache CacheOfB => B.Services.GetRequiredService<ApiKeyCache>();

    [OneTimeSetUp]
    public async Task StartGatewaysAsync()
    {
        _a = await AutoDriveServer.StartAsync(CancellationToken.None);
        _b = await AutoDriveServer.StartAsync(GatewaySetup.Beside(A), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopGatewaysAsync()
    {
        foreach (var server in new[] { _b, _a })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task KeyRevokedThroughA_IsRefusedByB_OnceTheNoticeArrives()
    {
        using var user = await NativeTestUser.CreateAsync(A);
        var created = await user.Api.PostJsonOkAsync("/api/users/@me/apiKeys/create", new { name = "cached on B" });
        var key = created.GetProperty("secret").GetString()!;
        using var onB = S3Clients.Sdk(B, key);
        await WhenFeedUpAsync(CacheOfB);
        await onB.ListBucketsAsync();
        var cachedBefore = CacheOfB.TryGet(ApiKeyHash.Compute(key), DateTimeOffset.UtcNow, out _);

        var notice = NextInvalidation(CacheOfB);
        using var revoked = await user.Api.DeleteAsync($"/api/users/@me/apiKeys/{created.GetProperty("id").GetString()}");
        await NativeApiClient.AssertStatusAsync(revoked, HttpStatusCode.OK);
        await notice.WaitAsync(HangGuard);
        var error = await Assert.CatchAsync<AmazonS3Exception>(() => onB.ListBucketsAsync());

        Assert.That(cachedBefore, Is.True, "B cached the key it authenticated");
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ErrorCode, Is.EqualTo("InvalidAccessKeyId"));
    }

    [Test]
    public async Task KeyRevokedInTheDatabase_IsRefusedByB_OnceTheNoticeArrives()
    {
        using var user = await NativeTestUser.CreateAsync(A);
        await WhenFeedUpAsync(CacheOfB);
        using var onB = S3Clients.Sdk(B, user.Key);
        await onB.ListBucketsAsync();

        await RevokeInTheDatabaseAndHearItOnBAsync(user.Key);
        var error = await Assert.CatchAsync<AmazonS3Exception>(() => onB.ListBucketsAsync());

        Assert.That(error!.ErrorCode, Is.EqualTo("InvalidAccessKeyId"));
    }

    [Test]
    public async Task CreditsUsed_SendNoNotice_ButALimitSet_Does()
    {
        using var user = await NativeTestUser.CreateAsync(A);
        await WhenFeedUpAsync(CacheOfB);
        var heard = 0;
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var limitHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Count(object? sender, EventArgs e)
        {
            // Notices from one session arrive in commit order: the first after the sentinel is the limit's.
            if (Interlocked.Increment(ref heard) == 1)
            {
                sentinel.TrySetResult();
            }
            else
            {
                limitHeard.TrySetResult();
            }
        }

        CacheOfB.Invalidated += Count;
        try
        {
            await using var connection = new NpgsqlConnection(A.ConnectionString);
            await connection.OpenAsync();
            await ExecuteAsync(connection, "UPDATE users SET uploaded_bytes = uploaded_bytes + 10, downloaded_bytes = downloaded_bytes + 10 WHERE name = @name", user.Name);
            await ExecuteAsync(connection, $"NOTIFY {ApiKeyChangeListener.Channel}, 'sentinel'", null);
            await sentinel.Task.WaitAsync(HangGuard);
            var afterCredits = Volatile.Read(ref heard);
            await ExecuteAsync(connection, "UPDATE users SET upload_limit = 1000000 WHERE name = @name", user.Name);
            await limitHeard.Task.WaitAsync(HangGuard);

            Assert.That(afterCredits, Is.EqualTo(1), "only the sentinel was heard: using credits notifies nobody");
        }
        finally
        {
            CacheOfB.Invalidated -= Count;
        }
    }

    [Test]
    public async Task FeedConnectionKilled_TheCacheEmptiesAndComesBack_AndNoticesAreHeardAgain()
    {
        using var user = await NativeTestUser.CreateAsync(A);
        await WhenFeedUpAsync(CacheOfB);
        using var onB = S3Clients.Sdk(B, user.Key);
        await onB.ListBucketsAsync();

        var lost = NextInvalidation(CacheOfB);
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{ApiKeyChangeListener.ApplicationName}'", null);
        await lost.WaitAsync(HangGuard);
        var cachedAfterLoss = CacheOfB.TryGet(ApiKeyHash.Compute(user.Key), DateTimeOffset.UtcNow, out _);
        await WhenFeedUpAsync(CacheOfB);
        await onB.ListBucketsAsync();
        await RevokeInTheDatabaseAndHearItOnBAsync(user.Key);
        var error = await Assert.CatchAsync<AmazonS3Exception>(() => onB.ListBucketsAsync());

        Assert.That(cachedAfterLoss, Is.False, "nothing stays cached once the feed is lost");
        Assert.That(error!.ErrorCode, Is.EqualTo("InvalidAccessKeyId"));
    }

    /// <summary>Revokes the key straight in SQL (as another tool would) and waits until B has heard the notice.</summary>
    private async Task RevokeInTheDatabaseAndHearItOnBAsync(string key)
    {
        var notice = NextInvalidation(CacheOfB);
        await ExecuteAsync("UPDATE api_keys SET revoked_at = now() WHERE hash = @hash", ApiKeyHash.Compute(key).ToArray());
        await notice.WaitAsync(HangGuard);
    }

    private static Task NextInvalidation(ApiKeyCache cache)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Once(object? sender, EventArgs e)
        {
            cache.Invalidated -= Once;
            heard.TrySetResult();
        }

        cache.Invalidated += Once;
        return heard.Task;
    }

    /// <summary>Waits (under the hang guard) until the gateway's change feed is listening, so its cache keeps keys.</summary>
    private static async Task WhenFeedUpAsync(ApiKeyCache cache)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!cache.IsActive)
        {
            await Task.Delay(20, guard.Token);
        }
    }

    private async Task ExecuteAsync(string sql, object? parameter)
    {
        await using var connection = new NpgsqlConnection(A.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql, parameter);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, object? parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.AddWithValue(parameter is byte[] ? "hash" : "name", parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
