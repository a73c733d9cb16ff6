using AutoDrive.Api.Common;
using AutoDrive.Application.Users;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Api.S3.Objects;

/// <summary>Reads a PutObject request off the wire: the body (<see cref="UploadBody"/>), the content headers, the metadata.</summary>
internal static class PutObjectRequestReader
{
    public static PutObjectCommand Read(HttpContext context, AuthenticatedUser caller, string bucket, string key)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var body = UploadBody.Read(request);
        return new PutObjectCommand(
            caller.Id, bucket, key, body.Stream, body.Length, ReadContentHeaders(request, body.ContentEncoding), ReadMetadata(request.Headers),
            body.ContentMd5, body.Checksum, caller.PendingUploadCredits);
    }

    /// <summary>
    /// The content headers a write stores (Content-Encoding as given: without <c>aws-chunked</c>). A value with a
    /// control character is refused (400, nothing stored): it could never be sent back as a header.
    /// </summary>
    public static ContentHeaders ReadContentHeaders(HttpRequest request, string? contentEncoding)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ContentHeaders(
            ContentType: HeaderValues.Refuse(NullIfEmpty(request.ContentType), "Content-Type"),
            ContentEncoding: HeaderValues.Refuse(contentEncoding, "Content-Encoding"),
            ContentDisposition: HeaderValues.Refuse(NullIfEmpty(request.Headers.ContentDisposition), "Content-Disposition"),
            ContentLanguage: HeaderValues.Refuse(NullIfEmpty(request.Headers.ContentLanguage), "Content-Language"),
            CacheControl: HeaderValues.Refuse(NullIfEmpty(request.Headers.CacheControl), "Cache-Control"),
            Expires: HeaderValues.Refuse(NullIfEmpty(request.Headers.Expires), "Expires"));
    }

    /// <summary>
    /// The <c>x-amz-meta-*</c> headers, names without the prefix (lower-cased by the domain). Non-ASCII values (UTF-8)
    /// are kept and answered as RFC 2047 encoded words; a value with a control character is refused (400).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadMetadata(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers
            .Where(h => h.Key.StartsWith(ObjectHeaders.MetadataPrefix, StringComparison.OrdinalIgnoreCase)
                && h.Key.Length > ObjectHeaders.MetadataPrefix.Length)
            .Select(h => KeyValuePair.Create(
                h.Key[ObjectHeaders.MetadataPrefix.Length..],
                HeaderValues.Refuse(h.Value.ToString(), $"The value of {h.Key}")!))
            .ToList();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
