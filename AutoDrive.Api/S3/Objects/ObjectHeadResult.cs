using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>HeadObject's answer: GetObject's headers and length, no body (or a bare 304).</summary>
public sealed class ObjectHeadResult(ObjectHead head, ResponseOverrides overrides) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var description = head.Description;
        if (head.NotModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            ObjectHeaders.WriteValidators(response.Headers, description);
            return Task.CompletedTask;
        }

        ObjectHeaders.Write(response.Headers, description, overrides);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = description.Size;
        if (ObjectHeaders.WantsChecksum(context.HttpContext.Request.Headers))
        {
            ObjectHeaders.WriteChecksum(response.Headers, ObjectHeaders.ChecksumOf(description));
        }

        return Task.CompletedTask;
    }
}
