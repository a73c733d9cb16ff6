using AutoDrive.Application.Listing;
using AutoDrive.Application.Multipart;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Persistence.Listing;

/// <summary>
/// The SQL of ListMultipartUploads pages, on the partial index ix_multipart_uploads_in_progress (owner_id, bucket_name,
/// key, id) WHERE state IN ('Active', 'Completing'), keyset-paged on the row value (key, id) like
/// <see cref="ListingSql"/> pages object keys: a scan of at most <c>limit</c> rows without a delimiter, and with one a
/// recursive walk of one <c>LIMIT 1</c> probe per entry, where an upload that rolls up into a common prefix is the
/// prefix's only row read and the next probe starts past every key under it (<see cref="ListingBounds"/>).
/// </summary>
internal static class MultipartUploadListingSql
{
    private const string InProgress = "u.state IN ('Active', 'Completing')";

    private const string Columns = "u.key, u.id, u.initiated_at";

    // Position (1-based) of the delimiter in the key's remainder after the prefix; 0 when absent.
    private const string DelimiterAt = "strpos(substr(u.key, char_length(@prefix) + 1), @delimiter)";

    /// <summary>Every upload id sorts below this (ids are base64url), so (key, this) is past every upload of the key.</summary>
    private static readonly string PastEveryId = char.ConvertFromUtf32(0x10FFFF);

    private const string ScanSql = $"""
        SELECT {Columns}, NULL::text AS common_prefix
        FROM multipart_uploads u
        WHERE u.owner_id = @owner AND u.bucket_name = @bucket AND {InProgress}
          AND u.key >= @prefix AND u.key <= @upper
          AND (u.key, u.id) > (@after_key, @after_id)
        ORDER BY u.key, u.id
        LIMIT @limit
        """;

    private const string WalkSql = $"""
        WITH RECURSIVE walk AS (
            (SELECT 1 AS n, {Columns}, {DelimiterAt} AS at
             FROM multipart_uploads u
             WHERE u.owner_id = @owner AND u.bucket_name = @bucket AND {InProgress}
               AND u.key >= @prefix AND u.key <= @upper
               AND (u.key, u.id) > (@after_key, @after_id)
             ORDER BY u.key, u.id
             LIMIT 1)
            UNION ALL
            (SELECT w.n + 1, nxt.*
             FROM walk w
             CROSS JOIN LATERAL (
                 SELECT {Columns}, {DelimiterAt} AS at
                 FROM multipart_uploads u
                 WHERE u.owner_id = @owner AND u.bucket_name = @bucket AND {InProgress}
                   AND u.key <= @upper
                   AND (u.key, u.id) > (
                       CASE WHEN w.at > 0
                            THEN left(w.key, char_length(@prefix) + w.at - 1 + char_length(@delimiter)) || {ListingBounds.MaxSuffixSql}
                            ELSE w.key END,
                       CASE WHEN w.at > 0 THEN '' ELSE w.id END)
                 ORDER BY u.key, u.id
                 LIMIT 1) nxt
             WHERE w.n < @limit)
        )
        SELECT key, id, initiated_at,
               CASE WHEN at > 0 THEN left(key, char_length(@prefix) + at - 1 + char_length(@delimiter)) END AS common_prefix
        FROM walk
        ORDER BY n
        """;

    public static NpgsqlCommand Command(
        Guid ownerId, string bucket, string prefix, string? delimiter, UploadListingStart? start, int limit, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(delimiter is null ? ScanSql : WalkSql, connection);
        var (afterKey, afterId) = Bound(start);
        command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Uuid) { Value = ownerId });
        command.Parameters.Add(new NpgsqlParameter("bucket", NpgsqlDbType.Text) { Value = bucket });
        command.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = prefix });
        command.Parameters.Add(new NpgsqlParameter("upper", NpgsqlDbType.Text) { Value = ListingBounds.UpperInclusive(prefix) });
        command.Parameters.Add(new NpgsqlParameter("after_key", NpgsqlDbType.Text) { Value = afterKey });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Text) { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
        if (delimiter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("delimiter", NpgsqlDbType.Text) { Value = delimiter });
        }

        return command;
    }

    /// <summary>The (key, id) every listed upload is greater than.</summary>
    private static (string Key, string Id) Bound(UploadListingStart? start) => start switch
    {
        null => (string.Empty, string.Empty),
        { Key.Kind: ListingBoundKind.PastPrefix } => (ListingBounds.LowerExclusive(start.Key), string.Empty),
        { UploadId: { } id } => (start.Key.Value, id),
        _ => (start.Key.Value, PastEveryId),
    };
}
