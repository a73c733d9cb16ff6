namespace AutoDrive.Api.S3.Authentication;

/// <summary>
/// Finds the access key id (= the AutoDrive API key) in every form S3 clients send it: SigV4 and SigV4A
/// <c>Credential=</c>, SigV2 <c>AWS key:signature</c>, and presigned <c>X-Amz-Credential</c> / <c>AWSAccessKeyId</c>
/// query parameters; and <c>Authorization: Bearer &lt;key&gt;</c>, the native API's form (Swagger UI's "Try it out"). Signatures are not checked: the secret
/// is ignored by design.
/// </summary>
public static class S3AccessKeyReader
{
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString().Trim();
        if (authorization.Length > 0)
        {
            return FromAuthorization(authorization);
        }

        var credential = request.Query["X-Amz-Credential"].ToString();
        if (credential.Length > 0)
        {
            return BeforeSlash(credential);
        }

        var v2 = request.Query["AWSAccessKeyId"].ToString();
        return v2.Length > 0 ? v2 : null;
    }

    public static string? FromAuthorization(string authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (authorization.StartsWith("AWS4-", StringComparison.OrdinalIgnoreCase))
        {
            var at = authorization.IndexOf("Credential=", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            var value = authorization[(at + "Credential=".Length)..];
            var end = value.IndexOfAny([',', ' ']);
            return BeforeSlash(end < 0 ? value : value[..end]);
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The native API's form, for operators trying S3 read operations from Swagger UI.
            var key = authorization["Bearer ".Length..].Trim();
            return key.Length > 0 ? key : null;
        }

        if (authorization.StartsWith("AWS ", StringComparison.OrdinalIgnoreCase))
        {
            var value = authorization[4..].Trim();
            var colon = value.LastIndexOf(':');
            var key = colon < 0 ? value : value[..colon];
            return key.Length > 0 ? key : null;
        }

        return null;
    }

    private static string? BeforeSlash(string credential)
    {
        var slash = credential.IndexOf('/', StringComparison.Ordinal);
        var key = slash < 0 ? credential : credential[..slash];
        return key.Length > 0 ? key : null;
    }
}
