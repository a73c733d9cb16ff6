using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Accounts;

/// <summary>The caller's account (native Auto Drive API).</summary>
[ApiController]
[Route("api/accounts")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationDefaults.Scheme)]
[Produces("application/json")]
public sealed class AccountsController : ControllerBase
{
    /// <summary>The account of the API key's user.</summary>
    [HttpGet("@me")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public ActionResult<AccountResponse> GetMine() =>
        new AccountResponse(User.GetUserId().ToString(), null, null, null, "OneOff", 0, 0);
}
