using AutoDrive.Application.Listing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutoDrive.Infrastructure.Persistence.Listing;

/// <summary>
/// Pages of the listing index by hand-written SQL (<see cref="ListingSql"/>) on the context's connection.
/// Without a delimiter a page is one range scan. With one, it starts as a range scan too (a directory of files is
/// read at the speed of a scan), in a small first batch and then the rest of the page; at the first key under a
/// common prefix it switches to the walk, which skips each common prefix with one seek. Either way a page reads at
/// most about twice its size in rows, whatever the size of the bucket or of its prefixes.
/// </summary>
internal sealed class ObjectListingQuery(AutoDriveDbContext db) : IObjectListingQuery
{
    /// <summary>The first scan's size: small, so that a page of common prefixes wastes few rows on it.</summary>
    internal const int FirstScanRows = 64;

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
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            return query.Delimiter is null
                ? await ReadAsync(ListingSql.Scan(query, connection), cancellationToken)
                : await ListFoldedAsync(query, query.Delimiter, connection, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<ListingRow>> ListFoldedAsync(
        ListingPageQuery query, string delimiter, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var entries = new List<ListingRow>();
        var start = query.Start;
        var batch = Math.Min(query.Limit, FirstScanRows);
        while (true)
        {
            var scanned = await ReadAsync(ListingSql.Scan(query with { Start = start, Limit = batch }, connection), cancellationToken);
            foreach (var row in scanned)
            {
                if (CommonPrefixRule.Of(row.Key, query.Prefix, delimiter) is not { } commonPrefix)
                {
                    entries.Add(row);
                    continue;
                }

                entries.Add(row with { CommonPrefix = commonPrefix });
                if (entries.Count < query.Limit)
                {
                    var past = new ListingStart(commonPrefix, ListingBoundKind.PastPrefix);
                    var walk = query with { Start = past, Limit = query.Limit - entries.Count };
                    entries.AddRange(await ReadAsync(ListingSql.Walk(walk, connection), cancellationToken));
                }

                return entries;
            }

            if (scanned.Count < batch || entries.Count >= query.Limit)
            {
                return entries;
            }

            start = new ListingStart(scanned[^1].Key, ListingBoundKind.After);
            batch = query.Limit - entries.Count;
        }
    }

    private static async Task<List<ListingRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var key = reader.GetOrdinal("key");
            var commonPrefix = reader.GetOrdinal("common_prefix");
            var size = reader.GetOrdinal("size");
            var md5 = reader.GetOrdinal("md5");
            var partCount = reader.GetOrdinal("part_count");
            var cid = reader.GetOrdinal("cid");
            var updatedAt = reader.GetOrdinal("updated_at");

            var rows = new List<ListingRow>();
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
    }
}
