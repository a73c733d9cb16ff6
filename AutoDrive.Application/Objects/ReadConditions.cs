namespace AutoDrive.Application.Objects;

/// <summary>
/// The conditional headers of a GET or HEAD (RFC 7232): If-Match, If-None-Match (ETag lists or <c>*</c>),
/// If-Modified-Since, If-Unmodified-Since. Null members were not sent (or could not be parsed: a malformed date
/// is ignored, as HTTP says).
/// </summary>
public sealed record ReadConditions(
    string? IfMatch = null,
    string? IfNoneMatch = null,
    DateTimeOffset? IfModifiedSince = null,
    DateTimeOffset? IfUnmodifiedSince = null)
{
    public static readonly ReadConditions None = new();

    /// <summary>
    /// Evaluates the conditions against an object, in RFC 7232 §6 order: If-Match (else If-Unmodified-Since)
    /// decides 412; then If-None-Match (else If-Modified-Since) decides 304. Times compare to the second, as
    /// HTTP dates carry no more.
    /// </summary>
    public ConditionOutcome Evaluate(string? etag, DateTimeOffset lastModified)
    {
        var modified = TruncateToSeconds(lastModified);
        if (IfMatch is not null)
        {
            if (!EntityTagList.Matches(IfMatch, etag))
            {
                return ConditionOutcome.PreconditionFailed;
            }
        }
        else if (IfUnmodifiedSince is { } unmodifiedSince && modified > TruncateToSeconds(unmodifiedSince))
        {
            return ConditionOutcome.PreconditionFailed;
        }

        if (IfNoneMatch is not null)
        {
            if (EntityTagList.Matches(IfNoneMatch, etag))
            {
                return ConditionOutcome.NotModified;
            }
        }
        else if (IfModifiedSince is { } modifiedSince && modified <= TruncateToSeconds(modifiedSince))
        {
            return ConditionOutcome.NotModified;
        }

        return ConditionOutcome.Proceed;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
