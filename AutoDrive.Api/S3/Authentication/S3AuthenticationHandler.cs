using System.Text.Encodings.Web;
using AutoDrive.Api.Common;
using AutoDrive.Application.Users;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AutoDrive.Api.S3.Authentication;

/// <summary>
/// Authenticates S3 requests by their access key id. No credentials → 403 AccessDenied; an unknown key →
/// 403 InvalidAccessKeyId. The refusal is thrown as a domain error so the S3 error writer answers it.
/// </summary>
public sealed class S3AuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private ErrorKind _failure = ErrorKind.AccessDenied;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var accessKey = S3AccessKeyReader.Read(Request);
        if (accessKey is null)
        {
            _failure = ErrorKind.AccessDenied;
            return AuthenticateResult.NoResult();
        }

        var user = await authenticator.AuthenticateAsync(accessKey, Context.RequestAborted);
        if (user is null)
        {
            _failure = ErrorKind.UnknownApiKey;
            return AuthenticateResult.Fail("Unknown access key.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipal.Create(user, Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        throw (_failure == ErrorKind.UnknownApiKey
            ? new DomainException(ErrorKind.UnknownApiKey, "The AWS Access Key Id you provided does not exist in our records.")
            : new DomainException(ErrorKind.AccessDenied, "Access Denied. Sign the request with your AutoDrive API key as the access key id."));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        throw new DomainException(ErrorKind.AccessDenied, "Access Denied.");
}
