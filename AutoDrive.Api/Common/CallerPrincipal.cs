using System.Security.Claims;
using AutoDrive.Application.Users;

namespace AutoDrive.Api.Common;

/// <summary>The authenticated caller as a claims principal, and back.</summary>
public static class CallerPrincipal
{
    public static ClaimsPrincipal Create(AuthenticatedUser user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Name)],
            scheme);
        return new ClaimsPrincipal(identity);
    }

    public static Guid GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(id, out var userId)
            ? userId
            : throw new InvalidOperationException("The request is not authenticated.");
    }

    public static string GetUserName(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty;
    }
}
