using AutoDrive.Api.S3.Authentication;

namespace AutoDrive.Tests.Api.S3.Authentication;

public class S3AccessKeyReaderTests
{
    [TestCase("AWS4-HMAC-SHA256 Credential=key123/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc", "key123")]
    [TestCase("AWS4-HMAC-SHA256 Credential=key123/20261125/eu-west-9/s3/aws4_request,SignedHeaders=host,Signature=abc", "key123")]
    [TestCase("AWS4-ECDSA-P256-SHA256 Credential=key123/20261125/s3/aws4_request, SignedHeaders=host, Signature=abc", "key123")]
    [TestCase("AWS key123:c2lnbmF0dXJl", "key123")]
    [TestCase("Bearer key123", "key123")]
    [TestCase("AWS4-HMAC-SHA256 SignedHeaders=host", null)]
    public void FromAuthorization_FindsTheAccessKeyId(string header, string? expected)
    {
        Assert.That(S3AccessKeyReader.FromAuthorization(header), Is.EqualTo(expected));
    }
}
