using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// Gives AWSSDK.S3 HttpClients that trust one root certificate (the test server's) besides nothing else: full
/// certificate validation, host name included, against a custom root store. Never a callback that accepts anything.
/// </summary>
internal sealed class TrustedRootHttpClientFactory(X509Certificate2 root) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(S3Clients.TrustingHandler(root), disposeHandler: true);
}
