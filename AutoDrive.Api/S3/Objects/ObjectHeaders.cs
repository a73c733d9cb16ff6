using System.Globalization;
using AutoDrive.Api.Common;
using AutoDrive.Api.S3.Errors;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Objects;
using Microsoft.Net.Http.Headers;

namespace AutoDrive.Api.S3.Objects;

/// <summary>The headers S3 sends about an object on GET, HEAD and PUT.</summary>
internal static class ObjectHeaders
{
    public const string CidHeader = "x-amz-meta-cid";
    public const string MetadataPrefix = "x-amz-meta-";

    public const string ChecksumModeHeader = "x-amz-checksum-mode";
    public const string ChecksumTypeHeader = "x-amz-checksum-type";

    public static string Quote(string etag) => $"\"{etag}\"";

    /// <summary>The stored checksum, as <c>x-amz-checksum-&lt;alg&gt;</c>.</summary>
    public static void WriteChecksum(IHeaderDictionary headers, ObjectChecksum? checksum, bool writeType = true)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (checksum is not null)
        {
            HeaderValues.Set(headers, ChecksumAlgorithms.GetHeaderName(checksum.Algorithm), checksum.Value);
            if (writeType)
            {
                // A multipart object's checksum is the composite of its parts' ("...-N").
                headers[ChecksumTypeHeader] = checksum.Value.Contains('-', StringComparison.Ordinal) ? "COMPOSITE" : "FULL_OBJECT";
            }
        }
    }

    /// <summary>Whether a GET or HEAD asks for the stored checksum (<c>x-amz-checksum-mode: ENABLED</c>).</summary>
    private static bool WantsChecksum(IHeaderDictionary requestHeaders)
    {
        ArgumentNullException.ThrowIfNull(requestHeaders);
        return string.Equals(requestHeaders[ChecksumModeHeader].ToString().Trim(), "ENABLED", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Writes the description of an object (not its length or range: the caller knows what it sends), with the
    /// <c>response-*</c> overrides a GET or HEAD asked for. Every stored value goes out through
    /// <see cref="HeaderValues.Encode"/>: a value that is not printable ASCII (non-ASCII metadata, or a control
    /// character stored before such values were refused) is sent as an RFC 2047 encoded word, never a 500.
    /// </summary>
    public static void Write(IHeaderDictionary headers, ObjectDescription description, ResponseOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(description);
        var answer = overrides ?? ResponseOverrides.None;
        WriteValidators(headers, description);
        headers.AcceptRanges = "bytes";
        headers.ContentType = HeaderValues.Encode(answer.ContentType
            ?? (string.IsNullOrEmpty(description.ContentType) ? ContentHeaders.DefaultContentType : description.ContentType));
        SetIfPresent(headers, HeaderNames.ContentEncoding, answer.ContentEncoding ?? description.ContentEncoding);
        SetIfPresent(headers, HeaderNames.ContentDisposition, answer.ContentDisposition ?? description.ContentDisposition);
        SetIfPresent(headers, HeaderNames.ContentLanguage, answer.ContentLanguage ?? description.ContentLanguage);
        SetIfPresent(headers, HeaderNames.CacheControl, answer.CacheControl ?? description.CacheControl);
        SetIfPresent(headers, HeaderNames.Expires, answer.Expires ?? description.Expires);
        foreach (var (name, value) in description.Metadata)
        {
            if (!string.Equals(name, "cid", StringComparison.Ordinal) && HeaderValues.IsToken(name))
            {
                headers[MetadataPrefix + name] = HeaderValues.Encode(value);
            }
        }

        HeaderValues.Set(headers, CidHeader, description.Cid);
    }

    /// <summary>ETag (when the object has one: legacy objects do not) and Last-Modified: all a 304 carries.</summary>
    private static void WriteValidators(IHeaderDictionary headers, ObjectDescription description)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(description);
        if (description.ETag is { } etag)
        {
            headers.ETag = HeaderValues.Encode(Quote(etag));
        }

        headers.LastModified = FormatHttpDate(description.LastModified);
    }

    /// <summary>The stored checksum of a described object, or null.</summary>
    private static ObjectChecksum? ChecksumOf(ObjectDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description.ChecksumAlgorithm is { } algorithm && description.ChecksumValue is { } value
            ? new ObjectChecksum(algorithm, value)
            : null;
    }

    /// <summary>
    /// The status and headers GetObject and HeadObject share: 304 with the validators only; 416 with the size; or
    /// the object's headers, 200 (with the full-object checksum when asked for) or 206 with Content-Range (never a
    /// checksum: it would not match). True when the object's bytes follow (200 or 206).
    /// </summary>
    public static async Task<bool> WriteReadAnswerAsync(
        HttpContext context, ReadOutcome outcome, ObjectDescription description, ByteRange? range, ResponseOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(description);
        var response = context.Response;
        switch (outcome)
        {
            case ReadOutcome.NotModified:
                response.StatusCode = StatusCodes.Status304NotModified;
                WriteValidators(response.Headers, description);
                return false;
            case ReadOutcome.RangeNotSatisfiable:
                await WriteRangeNotSatisfiableAsync(context, description.Size);
                return false;
        }

        Write(response.Headers, description, overrides);
        if (range is { } partial)
        {
            WritePartial(response, partial, description.Size);
            return true;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = description.Size;
        if (WantsChecksum(context.Request.Headers))
        {
            WriteChecksum(response.Headers, ChecksumOf(description));
        }

        return true;
    }

    /// <summary>Content-Range and Content-Length of a 206 answer.</summary>
    private static void WritePartial(HttpResponse response, ByteRange range, long size)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.First}-{range.Last}/{size}");
        response.ContentLength = range.Length;
    }

    /// <summary>416 InvalidRange with <c>Content-Range: bytes */size</c> (the S3 XML error; no body on HEAD).</summary>
    private static Task WriteRangeNotSatisfiableAsync(HttpContext context, long size)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{size}");
        return S3ErrorWriter.WriteAsync(context, new S3Error("InvalidRange", StatusCodes.Status416RangeNotSatisfiable, "The requested range is not satisfiable."));
    }

    public static string FormatHttpDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    private static void SetIfPresent(IHeaderDictionary headers, string name, string? value) =>
        HeaderValues.Set(headers, name, value);
}
