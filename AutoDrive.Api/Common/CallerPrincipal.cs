using System.Globalization;
using System.Security.Claims;
using AutoDrive.Application.Users;

namespace AutoDrive.Api.Common;

/// <summary>The authenticated caller as a claims principal, and back (with the credits it had left when it authenticated).</summary>
public static class CallerPrincipal
{
    private const string PendingUploadClaim = "autodrive:pending_upload_credits";
    private const string PendingDownloadClaim = "autodrive:pending_download_credits";

    public static ClaimsPrincipal Create(AuthenticatedUser user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.Id.ToString()), new(ClaimTypes.Name, user.Name) };
        if (user.PendingUploadCredits is { } upload)
        {
            claims.Add(new Claim(PendingUploadClaim, upload.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.PendingDownloadCredits is { } download)
        {
            claims.Add(new Claim(PendingDownloadClaim, download.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
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

    /// <summary>The caller, with the credits it had left when the request began (null: unlimited).</summary>
    public static AuthenticatedUser GetCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return new AuthenticatedUser(principal.GetUserId(), principal.GetUserName(), Read(principal, PendingUploadClaim), Read(principal, PendingDownloadClaim));
    }

    private static long? Read(ClaimsPrincipal principal, string type) =>
        long.TryParse(principal.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
