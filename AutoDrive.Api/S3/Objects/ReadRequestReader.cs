using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Objects;
using AutoDrive.Application.Users;

namespace AutoDrive.Api.S3.Objects;

/// <summary>Reads what a GetObject or HeadObject asks for: range, conditional headers, response overrides.</summary>
internal static class ReadRequestReader
{
    public static GetObjectQuery Query(HttpRequest request, AuthenticatedUser caller, string bucket, string key, bool withRange)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var typed = request.GetTypedHeaders();
        var conditions = new ReadConditions(
            IfMatch: NullIfEmpty(request.Headers.IfMatch),
            IfNoneMatch: NullIfEmpty(request.Headers.IfNoneMatch),
            IfModifiedSince: typed.IfModifiedSince,
            IfUnmodifiedSince: typed.IfUnmodifiedSince);
        var range = withRange ? RangeHeaderParser.Parse(request.Headers.Range) : null;
        return new GetObjectQuery(caller.Id, bucket, key, range, conditions, caller.DownloadsMetered);
    }

    public static ResponseOverrides Overrides(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        return new ResponseOverrides(
            ContentType: NullIfEmpty(query["response-content-type"]),
            ContentLanguage: NullIfEmpty(query["response-content-language"]),
            Expires: NullIfEmpty(query["response-expires"]),
            CacheControl: NullIfEmpty(query["response-cache-control"]),
            ContentDisposition: NullIfEmpty(query["response-content-disposition"]),
            ContentEncoding: NullIfEmpty(query["response-content-encoding"]));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
