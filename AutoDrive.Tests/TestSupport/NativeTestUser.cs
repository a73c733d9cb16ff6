using System.Net;
using Amazon.S3;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A user of their own for one test, created through the admin API (<c>POST /api/admin/users</c> with the admin key) with
/// the limits the test needs, so that no other test shares their objects, trash or credits; with a native API client and
/// an AWSSDK.S3 client for their first key.
/// </summary>
public sealed class NativeTestUser : IDisposable
{
    private NativeTestUser(string name, string key, string publicId, NativeApiClient api, AmazonS3Client s3)
    {
        Name = name;
        Key = key;
        PublicId = publicId;
        Api = api;
        S3 = s3;
    }

    public string Name { get; }

    /// <summary>The user's first API key (also their S3 access key id).</summary>
    public string Key { get; }

    public string PublicId { get; }

    public NativeApiClient Api { get; }

    public AmazonS3Client S3 { get; }

    public static async Task<NativeTestUser> CreateAsync(
        AutoDriveServer server, long? uploadLimit = null, long? downloadLimit = null, string prefix = "user", string scheme = "http")
    {
        ArgumentNullException.ThrowIfNull(server);
        var name = $"{prefix}-{Guid.NewGuid():N}";
        using var admin = Admin(server, server.AdminKey);
        using var response = await admin.PostJsonAsync("/api/admin/users", new { name, uploadLimit, downloadLimit });
        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.Created);
        var created = await NativeApiClient.ReadJsonAsync(response);
        var key = created.GetProperty("apiKey").GetProperty("secret").GetString()!;
        var publicId = created.GetProperty("user").GetProperty("publicId").GetString()!;
        return new NativeTestUser(name, key, publicId, NativeApiClient.For(server, key, scheme), S3Clients.Sdk(server, key, scheme == "https"));
    }

    /// <summary>A client for <c>/api/admin</c> that sends <paramref name="adminKey"/> as its bearer key (none: no header).</summary>
    public static NativeApiClient Admin(AutoDriveServer server, string? adminKey) => NativeApiClient.For(server, adminKey);

    public void Dispose()
    {
        Api.Dispose();
        S3.Dispose();
    }
}
