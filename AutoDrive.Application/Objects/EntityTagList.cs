namespace AutoDrive.Application.Objects;

/// <summary>
/// Matches an If-Match / If-None-Match value (a comma-separated list of entity tags, quoted or not, weak or
/// strong, or <c>*</c>) against an object's ETag. S3 compares weakly: <c>W/</c> and quotes are ignored.
/// </summary>
public static class EntityTagList
{
    /// <param name="header">The header value.</param>
    /// <param name="etag">The object's unquoted ETag; null for a legacy object without one (only <c>*</c> matches).</param>
    public static bool Matches(string header, string? etag)
    {
        ArgumentNullException.ThrowIfNull(header);
        foreach (var raw in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*")
            {
                return true;
            }

            var tag = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
            tag = tag.Trim('"');
            if (etag is not null && string.Equals(tag, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
