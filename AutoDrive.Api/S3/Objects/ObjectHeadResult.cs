using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>HeadObject's answer: GetObject's headers and length (206 for a range), no body; or a bare 304 or 416.</summary>
public sealed class ObjectHeadResult(ObjectHead head, ResponseOverrides overrides) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var description = head.Description;
        switch (head.Outcome)
        {
            case ReadOutcome.NotModified:
                response.StatusCode = StatusCodes.Status304NotModified;
                ObjectHeaders.WriteValidators(response.Headers, description);
                return Task.CompletedTask;
            case ReadOutcome.RangeNotSatisfiable:
                return ObjectHeaders.WriteRangeNotSatisfiableAsync(context.HttpContext, description.Size);
        }

        ObjectHeaders.Write(response.Headers, description, overrides);
        if (head.Range is { } range)
        {
            ObjectHeaders.WritePartial(response, range, description.Size);
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = description.Size;
        if (ObjectHeaders.WantsChecksum(context.HttpContext.Request.Headers))
        {
            ObjectHeaders.WriteChecksum(response.Headers, ObjectHeaders.ChecksumOf(description));
        }

        return Task.CompletedTask;
    }
}
