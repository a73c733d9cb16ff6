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

    /// <summary>The content headers a write stores (Content-Encoding as given: without <c>aws-chunked</c>).</summary>
    public static ContentHeaders ReadContentHeaders(HttpRequest request, string? contentEncoding)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ContentHeaders(
            ContentType: NullIfEmpty(request.ContentType),
            ContentEncoding: contentEncoding,
            ContentDisposition: NullIfEmpty(request.Headers.ContentDisposition),
            ContentLanguage: NullIfEmpty(request.Headers.ContentLanguage),
            CacheControl: NullIfEmpty(request.Headers.CacheControl),
            Expires: NullIfEmpty(request.Headers.Expires));
    }

    /// <summary>The <c>x-amz-meta-*</c> headers, names without the prefix (lower-cased by the domain).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadMetadata(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers
            .Where(h => h.Key.StartsWith(ObjectHeaders.MetadataPrefix, StringComparison.OrdinalIgnoreCase)
                && h.Key.Length > ObjectHeaders.MetadataPrefix.Length)
            .Select(h => KeyValuePair.Create(h.Key[ObjectHeaders.MetadataPrefix.Length..], h.Value.ToString()))
            .ToList();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
