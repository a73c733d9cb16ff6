using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Native;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Downloads;

/// <summary>Downloads by CID: for the owner, anyone it is shared with, and (when published) anyone authenticated.</summary>
[ApiController]
[Route("api/downloads")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationDefaults.Scheme)]
public sealed class DownloadsController(NativeDownloadService downloads) : ControllerBase
{
    /// <summary>
    /// The object's stored bytes (a folder: a zip of its files). <c>Range: bytes=a-b</c> answers 206 (416 outside the
    /// object). <c>ignoreEncoding=true</c> (the SDK always sends it): the bytes as uploaded, never labelled with a
    /// Content-Encoding.
    /// </summary>
    [HttpGet("{cid}")]
    [Produces("application/octet-stream")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "application/octet-stream")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "application/octet-stream")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public async Task<IActionResult> Download(string cid, bool ignoreEncoding = false)
    {
        var caller = User.GetCaller();
        var download = await downloads.DownloadAsync(
            caller.Id, caller.DownloadsMetered, cid, RangeHeaderParser.Parse(Request.Headers.Range), HttpContext.RequestAborted);
        return new NativeDownloadResult(download, ignoreEncoding);
    }
}
