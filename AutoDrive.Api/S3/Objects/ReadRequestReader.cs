using AutoDrive.Api.Common;
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

    /// <summary>
    /// The <c>response-*</c> overrides. One with a control character cannot be a header: 400 InvalidArgument, before
    /// the object is read. Non-ASCII values are answered as RFC 2047 encoded words, like stored values.
    /// </summary>
    public static ResponseOverrides Overrides(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        return new ResponseOverrides(
            ContentType: Override(query, "response-content-type"),
            ContentLanguage: Override(query, "response-content-language"),
            Expires: Override(query, "response-expires"),
            CacheControl: Override(query, "response-cache-control"),
            ContentDisposition: Override(query, "response-content-disposition"),
            ContentEncoding: Override(query, "response-content-encoding"));
    }

    private static string? Override(IQueryCollection query, string name) =>
        HeaderValues.Refuse(NullIfEmpty(query[name]), $"The value of {name}");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
