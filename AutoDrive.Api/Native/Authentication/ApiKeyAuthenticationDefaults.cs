namespace AutoDrive.Api.Native.Authentication;

public static class ApiKeyAuthenticationDefaults
{
    /// <summary>Auto Drive's native scheme: <c>Authorization: Bearer &lt;key&gt;</c> with <c>X-Auth-Provider: apikey</c>.</summary>
    public const string Scheme = "ApiKey";

    public const string ProviderHeader = "X-Auth-Provider";
}
