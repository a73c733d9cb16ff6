using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>PutObject's answer: 200, the quoted MD5 ETag and the CID, no body.</summary>
public sealed class PutObjectResponse(PutObjectResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ETag = ObjectHeaders.Quote(result.ETag);
        response.Headers[ObjectHeaders.CidHeader] = result.Cid;
        ObjectHeaders.WriteChecksum(response.Headers, result.Checksum);
        response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
