using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Application.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Accounts;

/// <summary>The caller's account (native Auto Drive API).</summary>
[ApiController]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationDefaults.Scheme)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
public sealed class AccountsController(AccountService accounts) : ControllerBase
{
    /// <summary>The account of the API key's user: limits and credits left (null: unlimited).</summary>
    [HttpGet("api/accounts/@me")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    public async Task<AccountResponse> GetAccount() =>
        AccountResponse.From(await accounts.GetAsync(User.GetUserId(), HttpContext.RequestAborted));

    /// <summary>
    /// The user and their subscription. The SDK's <c>me()</c> fetches <c>{apiUrl}@me</c>, which with <c>apiUrl</c> =
    /// <c>…/api</c> is this path, <c>/api@me</c> (no slash).
    /// </summary>
    [HttpGet("api@me")]
    [ProducesResponseType<MeResponse>(StatusCodes.Status200OK)]
    public Task<MeResponse> GetMeForSdk() => GetMe();

    /// <summary>The user and their subscription.</summary>
    [HttpGet("api/users/@me")]
    [ProducesResponseType<MeResponse>(StatusCodes.Status200OK)]
    public async Task<MeResponse> GetMe() =>
        MeResponse.From(await accounts.GetAsync(User.GetUserId(), HttpContext.RequestAborted));
}
