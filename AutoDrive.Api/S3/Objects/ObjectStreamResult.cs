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
            var response = context.HttpContext.Response;
            var description = download.Description;
            switch (download.Outcome)
            {
                case ReadOutcome.NotModified:
                    response.StatusCode = StatusCodes.Status304NotModified;
                    ObjectHeaders.WriteValidators(response.Headers, description);
                    return;
                case ReadOutcome.RangeNotSatisfiable:
                    await ObjectHeaders.WriteRangeNotSatisfiableAsync(context.HttpContext, description.Size);
                    return;
            }

            ObjectHeaders.Write(response.Headers, description, overrides);
            if (download.Range is { } range)
            {
                ObjectHeaders.WritePartial(response, range, description.Size);
            }
            else
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentLength = description.Size;

                // The full-object checksum, only when asked for and never on a 206 (it would not match).
                if (ObjectHeaders.WantsChecksum(context.HttpContext.Request.Headers))
                {
                    ObjectHeaders.WriteChecksum(response.Headers, ObjectHeaders.ChecksumOf(description));
                }
            }

            await download.Content!.CopyToAsync(response.Body, CopyBufferSize, context.HttpContext.RequestAborted);
        }
    }
}
