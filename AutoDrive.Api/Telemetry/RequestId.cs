using System.Security.Cryptography;

namespace AutoDrive.Api.Telemetry;

/// <summary>
/// Request ids: 16 upper-case hex digits (64 random bits), the shape of S3's <c>x-amz-request-id</c>. S3 responses
/// carry it as <c>x-amz-request-id</c>; every other response (native API, health, metrics) as <see cref="Header"/>.
/// The request log names each request by the id its response carried.
/// </summary>
public static class RequestId
{
    /// <summary>The header of the id on responses outside the S3 API.</summary>
    public const string Header = "X-Request-Id";

    public static string New() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
}
