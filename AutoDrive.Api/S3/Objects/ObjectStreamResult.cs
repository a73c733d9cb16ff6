using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>
/// GetObject's answer: 304 with the validators only; 416 with the size; or the object's headers, 200 or 206 with
/// Content-Range, and its bytes streamed from the DSN in blocks of at most 1 MiB (memory stays flat whatever the size).
/// </summary>
public sealed class ObjectStreamResult(ObjectDownload download, ResponseOverrides overrides) : IActionResult
{
    private const int CopyBufferSize = 1024 * 1024;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using (download)
        {
            var hasBody = await ObjectHeaders.WriteReadAnswerAsync(
                context.HttpContext, download.Outcome, download.Description, download.Range, overrides);
            if (hasBody)
            {
                // A small object needs no 1 MiB buffer: most GETs are of small objects, and a pooled buffer as large
                // as the object (at least one page) keeps them from draining the pool of large ones.
                var length = download.Range?.Length ?? download.Description.Size;
                var bufferSize = (int)Math.Clamp(length, 4096, CopyBufferSize);
                await download.Content!.CopyToAsync(context.HttpContext.Response.Body, bufferSize, context.HttpContext.RequestAborted);
            }
        }
    }
}
