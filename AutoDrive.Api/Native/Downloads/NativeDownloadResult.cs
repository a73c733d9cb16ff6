using System.Globalization;
using System.IO.Compression;
using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Errors;
using AutoDrive.Application.Native;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace AutoDrive.Api.Native.Downloads;

/// <summary>
/// A native download's answer, streamed in 1 MiB blocks (memory stays flat whatever the size). A file: its stored bytes
/// with Content-Length, Accept-Ranges, 206 and Content-Range for a range, 416 ProblemDetails with
/// <c>Content-Range: bytes */size</c> for a range outside it. Without <c>ignoreEncoding=true</c>, a file the client
/// compressed (and did not encrypt) is sent as the zlib stream it is, labelled <c>Content-Encoding: deflate</c>, so a
/// browser inflates it; with it (as the SDK asks), no Content-Encoding: the SDK inflates it itself. A folder: a zip of its
/// files (stored, not recompressed; files the client compressed are inflated, encrypted ones left as they are).
/// </summary>
public sealed class NativeDownloadResult(NativeDownload download, bool ignoreEncoding) : IActionResult
{
    private const int CopyBufferSize = 1024 * 1024;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var response = http.Response;
        var item = download.Item;
        await using (download)
        {
            if (download.Outcome == ReadOutcome.RangeNotSatisfiable)
            {
                response.Headers.ContentRange = $"bytes */{item.Size.ToString(CultureInfo.InvariantCulture)}";
                var problem = NativeErrorCatalog.For(ErrorKind.RangeNotSatisfiable, $"The requested range is outside the {item.Size} bytes of this object.");
                await new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } }.ExecuteResultAsync(context);
                return;
            }

            if (download.Archive is { } archive)
            {
                await WriteArchiveAsync(http, archive);
                return;
            }

            response.ContentType = HeaderValues.Encode(string.IsNullOrEmpty(item.MimeType) ? "application/octet-stream" : item.MimeType);
            response.Headers.AcceptRanges = "bytes";
            response.Headers.ETag = $"\"{item.Cid}\"";
            SetAttachment(response, item.Name);
            if (download.Range is { } range)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = new ContentRangeHeaderValue(range.First, range.Last, item.Size).ToString();
                response.ContentLength = range.Length;
            }
            else
            {
                response.ContentLength = item.Size;
                if (!ignoreEncoding && item.Options is { Compression: not null, Encryption: null })
                {
                    response.Headers.ContentEncoding = "deflate";
                }
            }

            await download.Content!.CopyToAsync(response.Body, CopyBufferSize, http.RequestAborted);
        }
    }

    private async Task WriteArchiveAsync(HttpContext http, IReadOnlyList<ArchiveEntry> archive)
    {
        var response = http.Response;
        response.ContentType = "application/zip";
        SetAttachment(response, download.Item.Name + ".zip");
        // Declared first, disposed last: it sends what the zip wrote synchronously (see SyncWriteDeferringStream).
        await using var body = new SyncWriteDeferringStream(response.Body);
        await using var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, http.RequestAborted);
        foreach (var entry in archive)
        {
            var zipped = zip.CreateEntry(entry.Path, CompressionLevel.NoCompression);
            await using var target = await zipped.OpenAsync(http.RequestAborted);
            await using var stored = await download.OpenEntryAsync(entry, http.RequestAborted);
            await using Stream source = entry.Options is { Compression: not null, Encryption: null }
                ? new ZLibStream(stored, CompressionMode.Decompress, leaveOpen: true)
                : stored;
            await source.CopyToAsync(target, CopyBufferSize, http.RequestAborted);
        }
    }

    /// <summary>
    /// <c>attachment</c> with the name: <c>filename*</c> (RFC 5987) carries non-ASCII; a control character (a name
    /// can hold one) cannot be in a header at all, so it becomes '_' in the name sent.
    /// </summary>
    private static void SetAttachment(HttpResponse response, string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(new string(fileName.Select(c => char.IsControl(c) ? '_' : c).ToArray()));
        response.Headers.ContentDisposition = HeaderValues.Encode(disposition.ToString());
    }
}
