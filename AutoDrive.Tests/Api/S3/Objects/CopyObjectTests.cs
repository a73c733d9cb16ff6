using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.S3.Objects;

/// <summary>CopyObject through AWSSDK.S3: a new mapping to the same CID, COPY/REPLACE, source conditions; over plain
/// HTTP and over HTTPS (the server's self-signed certificate as the client's only trusted root).</summary>
[TestFixture("http")]
[TestFixture("https")]
public class CopyObjectTests(string scheme) : S3SchemeFixture(scheme)
{
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task PutSourceAsync()
    {
        _bucket = SharedServer.UniqueBucket("copy");
        var source = new PutObjectRequest { BucketName = _bucket, Key = "src/hello.txt", ContentBody = "Hello, world!", ContentType = "text/plain" };
        source.Metadata.Add("origin", "source");
        await Alice.PutObjectAsync(source);
    }

    [Test]
    public async Task CopyObject_PointsTheNewKeyAtTheSameCidAndKeepsMetadata()
    {
        var target = SharedServer.UniqueBucket("copy-to");
        var copy = await Alice.CopyObjectAsync(_bucket, "src/hello.txt", target, "dst/copy.txt");

        var head = await Alice.GetObjectMetadataAsync(target, "dst/copy.txt");
        var source = await Alice.GetObjectMetadataAsync(_bucket, "src/hello.txt");
        Assert.That(copy.ETag, Is.EqualTo("\"6cd3556deb0da54bca060b4c39479839\""));
        Assert.That(head.ETag, Is.EqualTo(source.ETag));
        Assert.That(head.Metadata["x-amz-meta-cid"], Is.EqualTo(source.Metadata["x-amz-meta-cid"]));
        Assert.That(head.Metadata["x-amz-meta-origin"], Is.EqualTo("source"));
        Assert.That(head.Headers.ContentType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task CopyObject_WithReplace_TakesTheRequestsMetadata()
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = _bucket, SourceKey = "src/hello.txt", DestinationBucket = _bucket, DestinationKey = "replaced.txt",
            MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "application/x-new",
        };
        request.Metadata.Add("origin", "replaced");
        await Alice.CopyObjectAsync(request);

        var head = await Alice.GetObjectMetadataAsync(_bucket, "replaced.txt");
        Assert.That(head.Metadata["x-amz-meta-origin"], Is.EqualTo("replaced"));
        Assert.That(head.Headers.ContentType, Is.EqualTo("application/x-new"));
    }

    [Test]
    public async Task CopyObject_OntoItselfWithoutReplace_IsInvalidRequest()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => Alice.CopyObjectAsync(_bucket, "src/hello.txt", _bucket, "src/hello.txt"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("InvalidRequest"));
    }

    [Test]
    public async Task CopyObject_OntoItselfWithReplace_UpdatesTheMetadata()
    {
        var key = "self-" + Guid.NewGuid().ToString("N");
        await Alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "self" });
        var request = new CopyObjectRequest
        {
            SourceBucket = _bucket, SourceKey = key, DestinationBucket = _bucket, DestinationKey = key,
            MetadataDirective = S3MetadataDirective.REPLACE,
        };
        request.Metadata.Add("state", "updated");

        await Alice.CopyObjectAsync(request);

        Assert.That((await Alice.GetObjectMetadataAsync(_bucket, key)).Metadata["x-amz-meta-state"], Is.EqualTo("updated"));
    }

    [Test]
    public async Task CopyObject_OfAMissingSource_IsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => Alice.CopyObjectAsync(_bucket, "missing.txt", _bucket, "x.txt"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.ErrorCode, Is.EqualTo("NoSuchKey"));
    }

    [Test]
    public async Task CopyObject_OfAnotherUsersObject_IsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => Bob.CopyObjectAsync(_bucket, "src/hello.txt", "bob-bucket", "stolen.txt"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("ETagToMatch", "\"00000000000000000000000000000000\"")]
    [TestCase("ETagToNotMatch", "\"6cd3556deb0da54bca060b4c39479839\"")]
    [TestCase("UnmodifiedSince", "past")]
    [TestCase("ModifiedSince", "future")]
    public async Task CopyObject_WhenASourceConditionFails_IsPreconditionFailed(string condition, string value)
    {
        var request = new CopyObjectRequest { SourceBucket = _bucket, SourceKey = "src/hello.txt", DestinationBucket = _bucket, DestinationKey = "cond.txt" };
        switch (condition)
        {
            case "ETagToMatch": request.ETagToMatch = value; break;
            case "ETagToNotMatch": request.ETagToNotMatch = value; break;
            case "UnmodifiedSince": request.UnmodifiedSinceDate = DateTime.UtcNow.AddDays(-1); break;
            default: request.ModifiedSinceDate = DateTime.UtcNow.AddDays(1); break;
        }

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => Alice.CopyObjectAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(error.ErrorCode, Is.EqualTo("PreconditionFailed"));
    }
}
