using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoadGen;

/// <summary>
/// Signs requests with AWS Signature Version 4 (UNSIGNED-PAYLOAD, signed headers host, x-amz-content-sha256 and
/// x-amz-date). AutoDrive and moto accept any well-formed signature, s3rver checks it, so every target gets the same
/// correctly signed requests and pays the same client-side cost.
/// </summary>
internal sealed class SigV4Signer(string accessKey, string secretKey, string region = "us-east-1")
{
    private const string Payload = "UNSIGNED-PAYLOAD";
    private const string SignedHeaders = "host;x-amz-content-sha256;x-amz-date";
    private readonly Lock _gate = new();
    private string _keyDate = "";
    private byte[] _signingKey = [];

    public void Sign(HttpRequestMessage request, string canonicalPath, string canonicalQuery)
    {
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = request.RequestUri!.Authority;
        var canonical = string.Join('\n', request.Method.Method, canonicalPath, canonicalQuery,
            "host:" + host, "x-amz-content-sha256:" + Payload, "x-amz-date:" + amzDate, "", SignedHeaders, Payload);
        var scope = date + "/" + region + "/s3/aws4_request";
        var toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var signature = Hex(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", Payload);
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + SignedHeaders + ", Signature=" + signature);
    }

    private byte[] SigningKey(string date)
    {
        lock (_gate)
        {
            if (!date.Equals(_keyDate, StringComparison.Ordinal))
            {
                var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
                key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
                key = HMACSHA256.HashData(key, "s3"u8.ToArray());
                _signingKey = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
                _keyDate = date;
            }

            return _signingKey;
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
