using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Application.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.ApiKeys;

/// <summary>The caller's API keys. A revoked key is refused by the native API and by S3 from the next request on.</summary>
[ApiController]
[Route("api/users/@me/apiKeys")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationDefaults.Scheme)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
public sealed class ApiKeysController(AccountService accounts) : ControllerBase
{
    /// <summary>The caller's keys that are not revoked, masked.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ApiKeyResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<ApiKeyResponse>> List() =>
        (await accounts.ListKeysAsync(User.GetUserId(), HttpContext.RequestAborted)).Select(ApiKeyResponse.From).ToList();

    /// <summary>Creates a key; the answer's <c>secret</c> is the key, shown this once.</summary>
    [HttpPost("create")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<CreatedApiKeyResponse>(StatusCodes.Status200OK)]
    public async Task<CreatedApiKeyResponse> Create(CreateApiKeyRequest? request) =>
        CreatedApiKeyResponse.From(await accounts.CreateKeyAsync(User.GetUserId(), request?.Name, request?.ExpiresAt, HttpContext.RequestAborted));

    /// <summary>Revokes one of the caller's keys (another user's key id is not found).</summary>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<EmptyResponse>(StatusCodes.Status200OK)]
    public async Task<EmptyResponse> Revoke(Guid id)
    {
        await accounts.RevokeKeyAsync(User.GetUserId(), id, HttpContext.RequestAborted);
        return EmptyResponse.Instance;
    }
}
