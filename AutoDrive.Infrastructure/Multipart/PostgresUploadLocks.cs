using System.Security.Cryptography;
using System.Text;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Multipart;
using Npgsql;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// Upload locks as PostgreSQL session advisory locks: every gateway instance sharing the database sees them, and
/// a lock dies with the connection of an instance that dies. Each held lock keeps one pooled connection.
/// </summary>
internal sealed class PostgresUploadLocks(NpgsqlDataSource dataSource) : IUploadLocks
{
    public Task<IAsyncDisposable?> TryAcquireCompletionAsync(UploadId uploadId, CancellationToken cancellationToken) =>
        TryAcquireAsync(LockKey(uploadId, "complete"), cancellationToken);

    public async Task<IAsyncDisposable> AcquireAssemblyAsync(UploadId uploadId, CancellationToken cancellationToken)
    {
        var key = LockKey(uploadId, "assemble");
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Lease(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IAsyncDisposable?> TryAcquireAssemblyAsync(UploadId uploadId, CancellationToken cancellationToken) =>
        TryAcquireAsync(LockKey(uploadId, "assemble"), cancellationToken);

    private async Task<IAsyncDisposable?> TryAcquireAsync(long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new Lease(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>The advisory lock key of an upload and a purpose ("complete", "assemble"); tests hold the same locks.</summary>
    internal static long LockKey(UploadId uploadId, string purpose) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"autodrive:{purpose}:{uploadId.Value}")), 0);

    private sealed class Lease(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Unlocked explicitly; returning the connection to the pool would also reset its session (DISCARD ALL).
            await using (connection)
            {
                await using var command = new NpgsqlCommand("select pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }
}
