using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.S3;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Faults;

/// <summary>
/// A <see cref="GatewayProcess"/> set up for the fault tests: one bootstrap user with a fresh key, a shutdown timeout,
/// and clients for it (the AWS SDK, and raw HTTP for bodies sent slowly). Its local store is
/// <c>&lt;data&gt;/dsn</c>; its temporary files show how far a body has been received.
/// </summary>
public sealed class FaultGateway
{
    public FaultGateway(string dataDirectory, string? connectionString, TimeSpan shutdownTimeout)
    {
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        Key = "faults-" + Guid.NewGuid().ToString("N");
        Environment = new Dictionary<string, string?>
        {
            ["AutoDrive__Bootstrap__Users__0__Name"] = "faults",
            ["AutoDrive__Bootstrap__Users__0__ApiKey"] = Key,
            ["AutoDrive__ShutdownTimeout"] = shutdownTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public string DataDirectory { get; }

    /// <summary>The database, or null for the embedded cluster under the data directory.</summary>
    public string? ConnectionString { get; }

    public string Key { get; }

    public Dictionary<string, string?> Environment { get; }

    public string Store => Path.Combine(DataDirectory, "dsn");

    /// <summary>Starts the server (again) on the same data directory and database.</summary>
    public GatewayProcess Start() => GatewayProcess.Start(ConnectionString ?? string.Empty, DataDirectory, Environment);

    public AmazonS3Client Sdk(Uri root) => new(
        new BasicAWSCredentials(Key, "any-secret"),
        new AmazonS3Config { ServiceURL = new Uri(root, "/s3").ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public HttpClient Raw(Uri root)
    {
        var http = new HttpClient { BaseAddress = root, Timeout = GatewayProcess.Watchdog };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "AWS4-HMAC-SHA256", $"Credential={Key}/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        return http;
    }

    /// <summary>
    /// Waits (a bounded number of polls: a hang guard, not a measurement) until the store's temporary files hold at
    /// least <paramref name="count"/> files of at least <paramref name="bytes"/> each: the bodies sent so far have
    /// reached the disk.
    /// </summary>
    public async Task WaitForTempFilesAsync(int count, long bytes)
    {
        for (var poll = 0; poll < 2400; poll++)
        {
            if (StoreTempFiles.In(Store).Count(f => SafeLength(f) >= bytes) >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The server never held {count} temporary files of {bytes} bytes: {string.Join(", ", StoreTempFiles.In(Store))}");
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
