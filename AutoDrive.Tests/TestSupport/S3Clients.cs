using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.S3;

namespace AutoDrive.Tests.TestSupport;

/// <summary>Real S3 clients for a server: AWSSDK.S3 with default settings, and raw HTTP for what SDKs never send.</summary>
public static class S3Clients
{
    public static AmazonS3Client Sdk(AutoDriveServer server, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(server);
        var config = new AmazonS3Config
        {
            ServiceURL = server.S3Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        return new AmazonS3Client(new BasicAWSCredentials(apiKey, "any-secret"), config);
    }

    /// <summary>An HttpClient whose requests carry a SigV4-shaped Authorization naming <paramref name="apiKey"/>.</summary>
    public static HttpClient Raw(AutoDriveServer server, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "AWS4-HMAC-SHA256",
                $"Credential={apiKey}/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        }

        return client;
    }
}
