using AutoDrive.Api.S3.Routing;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Objects;

/// <summary>
/// Reads a CopyObject request: <c>x-amz-copy-source</c> (<c>bucket/key</c>, URL-encoded, leading '/' optional,
/// <c>?versionId=null</c> tolerated), <c>x-amz-metadata-directive</c>, the replacement headers and metadata, and the
/// <c>x-amz-copy-source-if-*</c> conditions.
/// </summary>
internal static class CopyRequestReader
{
    public const string CopySourceHeader = "x-amz-copy-source";
    public const string MetadataDirectiveHeader = "x-amz-metadata-directive";

    public static CopyObjectCommand Read(HttpRequest request, Guid ownerId, string bucket, string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (sourceBucket, sourceKey) = ParseSource(request.Headers[CopySourceHeader].ToString());
        var directive = request.Headers[MetadataDirectiveHeader].ToString().Trim().ToUpperInvariant() switch
        {
            "" or "COPY" => MetadataDirective.Copy,
            "REPLACE" => MetadataDirective.Replace,
            var other => throw new DomainException(ErrorKind.InvalidArgument, $"Unknown metadata directive '{other}': COPY or REPLACE."),
        };

        var headers = PutObjectRequestReader.ReadContentHeaders(request, NullIfEmpty(request.Headers.ContentEncoding));

        var conditions = new ReadConditions(
            IfMatch: NullIfEmpty(request.Headers["x-amz-copy-source-if-match"]),
            IfNoneMatch: NullIfEmpty(request.Headers["x-amz-copy-source-if-none-match"]),
            IfModifiedSince: ParseDate(request.Headers["x-amz-copy-source-if-modified-since"]),
            IfUnmodifiedSince: ParseDate(request.Headers["x-amz-copy-source-if-unmodified-since"]));

        return new CopyObjectCommand(
            ownerId, sourceBucket, sourceKey, bucket, key, directive, headers,
            PutObjectRequestReader.ReadMetadata(request.Headers), conditions);
    }

    public static (string Bucket, string Key) ParseSource(string header)
    {
        var value = header.Trim();
        var query = value.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var versionId = value[(query + 1)..];
            if (!string.Equals(versionId, "versionId=null", StringComparison.Ordinal))
            {
                throw new DomainException(ErrorKind.InvalidArgument, "Objects have no versions: only versionId=null may be named.");
            }

            value = value[..query];
        }

        var decoded = S3TargetParser.Decode(value).TrimStart('/');
        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == decoded.Length - 1)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey.");
        }

        return (decoded[..slash], decoded[(slash + 1)..]);
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        Microsoft.Net.Http.Headers.HeaderUtilities.TryParseDate(value, out var date) ? date : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
