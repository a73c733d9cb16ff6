using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>HeadObject's answer: GetObject's headers and length, no body.</summary>
public sealed class ObjectHeadResult(ObjectDescription description) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        ObjectHeaders.Write(response.Headers, description);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = description.Size;
        if (ObjectHeaders.WantsChecksum(context.HttpContext.Request.Headers))
        {
            ObjectHeaders.WriteChecksum(response.Headers, ObjectHeaders.ChecksumOf(description));
        }

        return Task.CompletedTask;
    }
}
