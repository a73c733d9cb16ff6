using AutoDrive.Application.Listing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutoDrive.Infrastructure.Persistence.Listing;

/// <summary>Pages of the listing index by hand-written SQL (<see cref="ListingSql"/>) on the context's connection.</summary>
internal sealed class ObjectListingQuery(AutoDriveDbContext db) : IObjectListingQuery
{
    public async Task<IReadOnlyList<ListingRow>> ListAsync(ListingPageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0)
        {
            return [];
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = ListingSql.Build(query, (NpgsqlConnection)db.Database.GetDbConnection());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var key = reader.GetOrdinal("key");
            var commonPrefix = reader.GetOrdinal("common_prefix");
            var size = reader.GetOrdinal("size");
            var md5 = reader.GetOrdinal("md5");
            var partCount = reader.GetOrdinal("part_count");
            var cid = reader.GetOrdinal("cid");
            var updatedAt = reader.GetOrdinal("updated_at");

            var rows = new List<ListingRow>(Math.Min(query.Limit, 1024));
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ListingRow(
                    reader.GetString(key),
                    reader.IsDBNull(commonPrefix) ? null : reader.GetString(commonPrefix),
                    reader.GetInt64(size),
                    reader.IsDBNull(md5) ? null : reader.GetFieldValue<byte[]>(md5),
                    reader.IsDBNull(partCount) ? null : reader.GetInt32(partCount),
                    reader.GetString(cid),
                    reader.GetFieldValue<DateTimeOffset>(updatedAt)));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
