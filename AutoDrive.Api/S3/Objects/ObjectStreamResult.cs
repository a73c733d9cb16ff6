using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>
/// GetObject's answer: 304 with the validators only; 416 with the size; or the object's headers, 200 or 206 with
/// Content-Range, and its bytes streamed from the DSN in 1 MiB blocks (memory stays flat whatever the size).
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
                await download.Content!.CopyToAsync(context.HttpContext.Response.Body, CopyBufferSize, context.HttpContext.RequestAborted);
            }
        }
    }
}
