using AutoDrive.Api.Native.ApiKeys;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Application.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Admin;

/// <summary>
/// Operators: users, their limits and keys, and storage, with the admin key (<c>AutoDrive:Admin:ApiKey</c>). A user is
/// named by id or by name. The server's <c>users</c> command does the same from a shell.
/// </summary>
[ApiController]
[Route("api/admin")]
[Authorize(AuthenticationSchemes = AdminAuthenticationHandler.SchemeName)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
public sealed class AdminController(AdminService admin) : ControllerBase
{
    /// <summary>Users by name, with usage: roots held, their bytes, S3 keys, credits used and limits.</summary>
    [HttpGet("users")]
    [ProducesResponseType<UserUsagePageResponse>(StatusCodes.Status200OK)]
    public async Task<UserUsagePageResponse> ListUsers(int? limit = null, int? offset = null)
    {
        var page = await admin.ListUsersAsync(limit, offset, HttpContext.RequestAborted);
        return new UserUsagePageResponse { Rows = page.Users, TotalCount = page.TotalCount };
    }

    /// <summary>Creates a user with limits and their first API key (its secret is shown this once).</summary>
    [HttpPost("users")]
    [ProducesResponseType<CreatedUserResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> CreateUser(CreateUserRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (user, key) = await admin.CreateUserAsync(request.Name, request.UploadLimit, request.DownloadLimit, HttpContext.RequestAborted);
        var body = new CreatedUserResponse { User = AdminUserResponse.From(user), ApiKey = CreatedApiKeyResponse.From(key) };
        return Created($"/api/admin/users/{user.Id}", body);
    }

    /// <summary>One user (by id or name): limits, credits used and left.</summary>
    [HttpGet("users/{user}")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<AdminUserResponse>(StatusCodes.Status200OK)]
    public async Task<AdminUserResponse> GetUser(string user) =>
        AdminUserResponse.From(await admin.GetUserAsync(user, HttpContext.RequestAborted));

    /// <summary>Sets the user's upload and download limits (bytes; null: unlimited).</summary>
    [HttpPut("users/{user}/limits")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<AdminUserResponse>(StatusCodes.Status200OK)]
    public async Task<AdminUserResponse> SetLimits(string user, SetLimitsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AdminUserResponse.From(await admin.SetLimitsAsync(user, request.UploadLimit, request.DownloadLimit, HttpContext.RequestAborted));
    }

    /// <summary>The user's keys that are not revoked, masked.</summary>
    [HttpGet("users/{user}/apiKeys")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<IReadOnlyList<ApiKeyResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<ApiKeyResponse>> ListKeys(string user) =>
        (await admin.ListKeysAsync(user, HttpContext.RequestAborted)).Select(ApiKeyResponse.From).ToList();

    /// <summary>Creates a key for the user (its secret is shown this once).</summary>
    [HttpPost("users/{user}/apiKeys")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<CreatedApiKeyResponse>(StatusCodes.Status200OK)]
    public async Task<CreatedApiKeyResponse> CreateKey(string user, CreateApiKeyRequest? request) =>
        CreatedApiKeyResponse.From(await admin.CreateKeyAsync(user, request?.Name, request?.ExpiresAt, HttpContext.RequestAborted));

    /// <summary>Revokes one of the user's keys: both APIs refuse it from the next request on.</summary>
    [HttpDelete("users/{user}/apiKeys/{keyId:guid}")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<EmptyResponse>(StatusCodes.Status200OK)]
    public async Task<EmptyResponse> RevokeKey(string user, Guid keyId)
    {
        await admin.RevokeKeyAsync(user, keyId, HttpContext.RequestAborted);
        return EmptyResponse.Instance;
    }

    /// <summary>The whole installation: users, stored files and folders (once per CID), stored bytes, S3 keys.</summary>
    [HttpGet("storage")]
    [ProducesResponseType<StorageUsage>(StatusCodes.Status200OK)]
    public Task<StorageUsage> Storage() => admin.GetStorageAsync(HttpContext.RequestAborted);
}
