using AutoDrive.Application.Listing;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Persistence.Listing;

/// <summary>
/// The SQL of listing pages, on the unique index (owner_id, bucket_name, key COLLATE "C") — the listing index.
/// Keyset pagination: a read starts with a seek to its lower bound, never with an OFFSET.
/// <list type="bullet">
/// <item><see cref="Scan"/>: one range scan of at most <c>limit</c> rows.</item>
/// <item><see cref="Walk"/>: a recursive walk of the index in one statement, one <c>LIMIT 1</c> probe per entry, folding
/// by the delimiter. A key that rolls up into a common prefix is the prefix's only row read; the next probe starts
/// past every key under that prefix (<see cref="ListingBounds"/>), so a common prefix of a million keys costs one
/// seek.</item>
/// </list>
/// </summary>
internal static class ListingSql
{
    /// <summary>
    /// The rows S3 listings show: keys whose content the owner has not moved to their trash (through the native API).
    /// Every statement below filters with it, in the probe itself, and the listing index is partial on the same
    /// predicate (<c>ix_object_mappings_visible_keys ... WHERE trashed_at IS NULL</c>), so a probe never reads a
    /// trashed row and a page still costs the page.
    /// </summary>
    internal const string VisibleRows = "m.trashed_at IS NULL";

    private const string Columns = "m.key, m.size, m.md5, m.part_count, m.cid, m.updated_at";

    // Position (1-based) of the delimiter in the key's remainder after the prefix; 0 when absent.
    private const string DelimiterAt = "strpos(substr(m.key, char_length(@prefix) + 1), @delimiter)";

    private const string KeysSql = $"""
        SELECT {Columns}, NULL::text AS common_prefix
        FROM object_mappings m
        WHERE m.owner_id = @owner AND m.bucket_name = @bucket
          AND m.key >= @prefix AND m.key > @after AND m.key <= @upper
          AND {VisibleRows}
        ORDER BY m.key COLLATE "C"
        LIMIT @limit
        """;

    private const string WalkSql = $"""
        WITH RECURSIVE walk AS (
            (SELECT 1 AS n, {Columns}, {DelimiterAt} AS at
             FROM object_mappings m
             WHERE m.owner_id = @owner AND m.bucket_name = @bucket
               AND m.key >= @prefix AND m.key > @after AND m.key <= @upper
               AND {VisibleRows}
             ORDER BY m.key COLLATE "C"
             LIMIT 1)
            UNION ALL
            (SELECT w.n + 1, nxt.*
             FROM walk w
             CROSS JOIN LATERAL (
                 SELECT {Columns}, {DelimiterAt} AS at
                 FROM object_mappings m
                 WHERE m.owner_id = @owner AND m.bucket_name = @bucket
                   AND m.key > CASE
                         WHEN w.at > 0 THEN left(w.key, char_length(@prefix) + w.at - 1 + char_length(@delimiter)) || {ListingBounds.MaxSuffixSql}
                         ELSE w.key
                       END
                   AND m.key <= @upper
                   AND {VisibleRows}
                 ORDER BY m.key COLLATE "C"
                 LIMIT 1) nxt
             WHERE w.n < @limit)
        )
        SELECT key, size, md5, part_count, cid, updated_at,
               CASE WHEN at > 0 THEN left(key, char_length(@prefix) + at - 1 + char_length(@delimiter)) END AS common_prefix
        FROM walk
        ORDER BY n
        """;

    /// <summary>The keys from the query's start, unfolded (the delimiter is not applied).</summary>
    public static NpgsqlCommand Scan(ListingPageQuery query, NpgsqlConnection connection) =>
        Command(KeysSql, query, connection);

    /// <summary>The entries from the query's start, folded by its delimiter.</summary>
    public static NpgsqlCommand Walk(ListingPageQuery query, NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.Delimiter);
        var command = Command(WalkSql, query, connection);
        command.Parameters.Add(new NpgsqlParameter("delimiter", NpgsqlDbType.Text) { Value = query.Delimiter });
        return command;
    }

    private static NpgsqlCommand Command(string sql, ListingPageQuery query, NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(query);
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Uuid) { Value = query.OwnerId });
        command.Parameters.Add(new NpgsqlParameter("bucket", NpgsqlDbType.Text) { Value = query.Bucket });
        command.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = query.Prefix });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = ListingBounds.LowerExclusive(query.Start) });
        command.Parameters.Add(new NpgsqlParameter("upper", NpgsqlDbType.Text) { Value = ListingBounds.UpperInclusive(query.Prefix) });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = query.Limit });
        return command;
    }
}
