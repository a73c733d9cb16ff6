namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// The settings of a gateway whose DSN is another AutoDrive's native API (the network adapter), as an operator writes
/// them: <c>AutoDrive:Dsn:Kind = AutoDriveApi</c>, the remote's <c>/api</c> root and a key of a user there.
/// </summary>
public static class RemoteDsnSettings
{
    public const string KindKey = "AutoDrive:Dsn:Kind";
    public const string BaseUrlKey = "AutoDrive:Dsn:AutoDriveApi:BaseUrl";
    public const string ApiKeyKey = "AutoDrive:Dsn:AutoDriveApi:ApiKey";

    /// <summary>
    /// The adapter pointed at <paramref name="remote"/>'s native API over plain HTTP with <paramref name="apiKey"/>;
    /// with <paramref name="trailingSlash"/>, the root is written <c>…/api/</c> (which must make no difference).
    /// </summary>
    public static Dictionary<string, string?> For(AutoDriveServer remote, string apiKey, bool trailingSlash = false)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return For(remote.ApiEndpointFor("http"), apiKey, trailingSlash);
    }

    /// <inheritdoc cref="For(AutoDriveServer, string, bool)"/>
    public static Dictionary<string, string?> For(Uri apiRoot, string apiKey, bool trailingSlash = false)
    {
        ArgumentNullException.ThrowIfNull(apiRoot);
        return new Dictionary<string, string?>
        {
            [KindKey] = "AutoDriveApi",
            [BaseUrlKey] = apiRoot.ToString().TrimEnd('/') + (trailingSlash ? "/" : string.Empty),
            [ApiKeyKey] = apiKey,
        };
    }
}
