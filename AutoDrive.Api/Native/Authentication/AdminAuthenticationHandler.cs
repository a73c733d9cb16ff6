using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using AutoDrive.Infrastructure.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AutoDrive.Api.Native.Authentication;

/// <summary>
/// The operator's scheme for <c>/api/admin</c>: <c>Authorization: Bearer &lt;AutoDrive:Admin:ApiKey&gt;</c>, compared in
/// constant time (as SHA-256 digests, so that the length of the key leaks nothing either). Without a configured admin key
/// every request is refused. 401 ProblemDetails when it does not match.
/// </summary>
public sealed class AdminAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AutoDriveOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var configured = settings.Value.Admin.ApiKey;
        var authorization = Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (string.IsNullOrEmpty(configured) || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[bearer.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        if (!CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("Not the admin key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, "admin")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(
            new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = string.IsNullOrEmpty(settings.Value.Admin.ApiKey)
                    ? "The admin API is off: configure AutoDrive:Admin:ApiKey to use it."
                    : "Send the admin key (AutoDrive:Admin:ApiKey) as 'Authorization: Bearer <key>'.",
            },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: Context.RequestAborted);
    }
}
