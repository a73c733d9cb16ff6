using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>HeadObject's answer: GetObject's headers and length (206 for a range), no body; or a bare 304 or 416.</summary>
public sealed class ObjectHeadResult(ObjectHead head, ResponseOverrides overrides) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ObjectHeaders.WriteReadAnswerAsync(context.HttpContext, head.Outcome, head.Description, head.Range, overrides);
    }
}
