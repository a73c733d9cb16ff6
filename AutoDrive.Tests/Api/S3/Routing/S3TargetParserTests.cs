using AutoDrive.Api.S3.Routing;
using AutoDrive.Domain.Common;

namespace AutoDrive.Tests.Api.S3.Routing;

public class S3TargetParserTests
{
    [TestCase("/s3", null, null)]
    [TestCase("/s3/", null, null)]
    [TestCase("/s3?x-id=ListBuckets", null, null)]
    [TestCase("/s3/b1", "b1", null)]
    [TestCase("/s3/b1/", "b1", "")]
    [TestCase("/s3/b1/dir/test.txt?x-id=PutObject", "b1", "dir/test.txt")]
    [TestCase("/s3/b1/a//b/", "b1", "a//b/")]
    [TestCase("/s3/b1/a%2Fb", "b1", "a/b")]
    [TestCase("/s3/b1/with%20space+plus", "b1", "with space+plus")]
    [TestCase("/s3/b1/%C3%BC%E2%82%AC%25", "b1", "ü€%")]
    [TestCase("http://127.0.0.1:5080/s3/b1/k", "b1", "k")]
    public void Parse_KeepsTheKeyByteExact(string rawTarget, string? bucket, string? key)
    {
        Assert.That(S3TargetParser.Parse(rawTarget, "/s3"), Is.EqualTo(new S3Target(bucket, key)));
    }

    [TestCase("/s3/b1/bad%zz")]
    [TestCase("/s3/b1/truncated%4")]
    [TestCase("/s3/b1/invalid-utf8%C3%28")]
    public void Parse_WhenThePathIsNotValidUtf8PercentEncoding_ThrowsInvalidArgument(string rawTarget)
    {
        var error = Assert.Throws<DomainException>(() => S3TargetParser.Parse(rawTarget, "/s3"));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }
}
