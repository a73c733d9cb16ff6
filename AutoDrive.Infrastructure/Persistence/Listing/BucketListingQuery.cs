using AutoDrive.Application.Listing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Persistence.Listing;

/// <summary>The owner's buckets on the unique index (owner_id, name COLLATE "C"), keyset-paged.</summary>
internal sealed class BucketListingQuery(AutoDriveDbContext db) : IBucketListingQuery
{
    // A bucket exists once created or written to. Writes record the bucket; the mapping probe also covers rows
    // imported without one. Two index probes.
    private const string ExistsSql = """
        SELECT EXISTS (SELECT 1 FROM buckets b WHERE b.owner_id = @owner AND b.name = @bucket)
            OR EXISTS (SELECT 1 FROM object_mappings m WHERE m.owner_id = @owner AND m.bucket_name = @bucket)
        """;

    private const string ListSql = """
        SELECT b.name, b.created_at
        FROM buckets b
        WHERE b.owner_id = @owner AND b.name >= @prefix AND b.name <= @upper AND b.name > @after
        ORDER BY b.name COLLATE "C"
        LIMIT @limit
        """;

    public async Task<bool> ExistsAsync(Guid ownerId, string bucket, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(ExistsSql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Uuid) { Value = ownerId });
            command.Parameters.Add(new NpgsqlParameter("bucket", NpgsqlDbType.Text) { Value = bucket });
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<IReadOnlyList<BucketSummary>> ListAsync(BucketPageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(ListSql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Uuid) { Value = query.OwnerId });
            command.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = query.Prefix });
            command.Parameters.Add(new NpgsqlParameter("upper", NpgsqlDbType.Text) { Value = ListingBounds.UpperInclusive(query.Prefix) });
            command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = query.After ?? string.Empty });
            command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = query.Limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var buckets = new List<BucketSummary>();
            while (await reader.ReadAsync(cancellationToken))
            {
                buckets.Add(new BucketSummary(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }

            return buckets;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
