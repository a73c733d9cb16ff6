using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Amazon.S3;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// Real S3 clients for a server: AWSSDK.S3 with default settings, and raw HTTP for what SDKs never send. Over HTTPS
/// they trust the server's self-signed certificate explicitly (a custom root store), never by switching checks off.
/// </summary>
public static class S3Clients
{
    public static AmazonS3Client Sdk(AutoDriveServer server, string apiKey, bool https = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        var config = new AmazonS3Config
        {
            ServiceURL = (https ? server.S3HttpsEndpoint : server.S3Endpoint).ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        if (https)
        {
            config.HttpClientFactory = new TrustedRootHttpClientFactory(server.CaCertificate);
        }

        return new AmazonS3Client(new BasicAWSCredentials(apiKey, "any-secret"), config);
    }

    /// <summary>An HttpClient whose requests carry a SigV4-shaped Authorization naming <paramref name="apiKey"/>.</summary>
    public static HttpClient Raw(AutoDriveServer server, string? apiKey, bool https = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = https
            ? new HttpClient(TrustingHandler(server.CaCertificate), disposeHandler: true) { BaseAddress = server.HttpsBaseAddress }
            : new HttpClient { BaseAddress = server.BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "AWS4-HMAC-SHA256",
                $"Credential={apiKey}/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        }

        return client;
    }

    /// <summary>
    /// A handler that validates server certificates fully (chain, validity, host name) with <paramref name="root"/> as
    /// the only trusted root.
    /// </summary>
    public static SocketsHttpHandler TrustingHandler(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        return new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
    }
}
