using System.Text.Encodings.Web;
using AutoDrive.Api.Common;
using AutoDrive.Application.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AutoDrive.Api.Native.Authentication;

/// <summary>
/// The native API's authentication, as Auto Drive's SDK sends it. A missing or unknown key answers 401 with
/// ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var provider = Request.Headers[ApiKeyAuthenticationDefaults.ProviderHeader].ToString();
        if (provider.Length > 0 && !string.Equals(provider, "apikey", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail($"Only the 'apikey' auth provider is supported, not '{provider}'.");
        }

        var user = await authenticator.AuthenticateAsync(authorization[bearer.Length..].Trim(), Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("Unknown API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipal.Create(user, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(
            new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "Send a valid API key as 'Authorization: Bearer <key>' (the Auto Drive SDK also sends 'X-Auth-Provider: apikey'; any other provider is refused).",
            },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: Context.RequestAborted);
    }
}
