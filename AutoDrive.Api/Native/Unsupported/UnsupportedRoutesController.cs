using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Unsupported;

/// <summary>
/// Routes the official SDK knows that AutoDrive does not serve: asynchronous downloads (every download streams at once),
/// reports and moderation, and payment intents (credits come from the operator). They answer 501 ProblemDetails, never
/// 404, so a client can tell "not here" from "not found".
/// </summary>
[ApiController]
[Produces("application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status501NotImplemented, "application/problem+json")]
public sealed class UnsupportedRoutesController : ControllerBase
{
    /// <summary>Not served (501): every download streams at once from <c>GET /api/downloads/{cid}</c>.</summary>
    [HttpPost("api/downloads/async/{cid}")]
    [HttpGet("api/downloads/async/{id}")]
    [HttpPost("api/downloads/async/{id}/dismiss")]
    [HttpGet("api/downloads/async/{cid}/status")]
    [HttpGet("api/downloads/{cid}/status")]
    public IActionResult AsyncDownloads() =>
        throw new DomainException(ErrorKind.NotImplemented, "Asynchronous downloads are not served: GET /api/downloads/{cid} streams at once.");

    /// <summary>Not served (501): reports and moderation.</summary>
    [HttpPost("api/objects/{cid}/report")]
    [HttpPost("api/objects/{cid}/ban")]
    [HttpPost("api/objects/{cid}/dismiss-report")]
    [HttpGet("api/objects/to-be-reviewed/list")]
    public IActionResult Moderation() =>
        throw new DomainException(ErrorKind.NotImplemented, "Reports and moderation are not served by AutoDrive.");

    /// <summary>Not served (501): payments; an operator sets credits (<c>/api/admin</c>).</summary>
    [HttpGet("api/intents/price")]
    [HttpGet("api/intents/contract")]
    [HttpPost("api/intents")]
    [HttpPost("api/intents/{id}/watch")]
    [HttpGet("api/intents/{id}")]
    public IActionResult Payments() =>
        throw new DomainException(ErrorKind.NotImplemented, "Payments are not served: an operator sets credits (see /api/admin).");
}
