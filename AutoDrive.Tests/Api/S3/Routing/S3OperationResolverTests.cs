using AutoDrive.Api.S3.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AutoDrive.Tests.Api.S3.Routing;

/// <summary>The S3 routing table (docs/s3-wire.md, routing), row by row.</summary>
public class S3OperationResolverTests
{
    [TestCase("GET", "/s3", S3Operation.ListBuckets, null, null)]
    [TestCase("GET", "/s3/b1?list-type=2&prefix=a", S3Operation.ListObjectsV2, "b1", null)]
    [TestCase("GET", "/s3/b1/?list-type=2", S3Operation.ListObjectsV2, "b1", "")]
    [TestCase("GET", "/s3/b1?prefix=&delimiter=%2F&max-keys=5", S3Operation.ListObjectsV1, "b1", null)]
    [TestCase("GET", "/s3/b1/", S3Operation.ListObjectsV1, "b1", "")]
    [TestCase("GET", "/s3/test.txt", S3Operation.GetObject, "default", "test.txt")]
    [TestCase("GET", "/s3/test.txt?x-id=GetObject", S3Operation.GetObject, "default", "test.txt")]
    [TestCase("GET", "/s3/b1?location", S3Operation.GetBucketLocation, "b1", null)]
    [TestCase("GET", "/s3/b1?versioning", S3Operation.GetBucketVersioning, "b1", null)]
    [TestCase("GET", "/s3/b1?uploads", S3Operation.ListMultipartUploads, "b1", null)]
    [TestCase("GET", "/s3/b1?acl", S3Operation.NotImplemented, "b1", null)]
    [TestCase("GET", "/s3/b1?policy", S3Operation.NotImplemented, "b1", null)]
    [TestCase("GET", "/s3/b1?versions", S3Operation.NotImplemented, "b1", null)]
    [TestCase("HEAD", "/s3/b1", S3Operation.HeadBucket, "b1", null)]
    [TestCase("PUT", "/s3/b1", S3Operation.CreateBucket, "b1", null)]
    [TestCase("PUT", "/s3/b1/k", S3Operation.PutObject, "b1", "k")]
    [TestCase("PUT", "/s3/b1/k?partNumber=1&uploadId=u", S3Operation.UploadPart, "b1", "k")]
    [TestCase("PUT", "/s3/b1/k?acl", S3Operation.NotImplemented, "b1", "k")]
    [TestCase("GET", "/s3/b1/k", S3Operation.GetObject, "b1", "k")]
    [TestCase("GET", "/s3/b1/k?versionId=null", S3Operation.GetObject, "b1", "k")]
    [TestCase("GET", "/s3/b1/k?response-content-type=text%2Fplain", S3Operation.GetObject, "b1", "k")]
    [TestCase("GET", "/s3/b1/k?uploadId=u", S3Operation.ListParts, "b1", "k")]
    [TestCase("GET", "/s3/b1/k?tagging", S3Operation.NotImplemented, "b1", "k")]
    [TestCase("GET", "/s3/b1?object-lock", S3Operation.GetObjectLockConfiguration, "b1", null)]
    [TestCase("GET", "/s3/b1/k?retention", S3Operation.GetObjectRetention, "b1", "k")]
    [TestCase("GET", "/s3/b1/k?legal-hold", S3Operation.GetObjectLegalHold, "b1", "k")]
    [TestCase("HEAD", "/s3/b1/k", S3Operation.HeadObject, "b1", "k")]
    [TestCase("POST", "/s3/b1/k?uploads", S3Operation.CreateMultipartUpload, "b1", "k")]
    [TestCase("POST", "/s3/b1/k?uploadId=u", S3Operation.CompleteMultipartUpload, "b1", "k")]
    [TestCase("DELETE", "/s3/b1/k?uploadId=u", S3Operation.AbortMultipartUpload, "b1", "k")]
    [TestCase("DELETE", "/s3/b1/k", S3Operation.DeleteObject, "b1", "k")]
    [TestCase("DELETE", "/s3/b1", S3Operation.DeleteBucket, "b1", null)]
    [TestCase("POST", "/s3/b1?delete", S3Operation.DeleteObjects, "b1", null)]
    [TestCase("POST", "/s3/single?uploads", S3Operation.CreateMultipartUpload, "default", "single")]
    [TestCase("PATCH", "/s3/b1/k", S3Operation.NotImplemented, "b1", "k")]
    public void Resolve_FollowsTheRoutingTable(string method, string rawTarget, S3Operation expected, string? bucket, string? key)
    {
        var request = Resolve(method, rawTarget, new HeaderDictionary());

        Assert.That(request.Operation, Is.EqualTo(expected));
        Assert.That(request.Target, Is.EqualTo(new S3Target(bucket, key)));
    }

    [Test]
    public void Resolve_PutOfASingleSegmentWithABody_IsAPutObjectIntoTheDefaultBucket()
    {
        var request = Resolve("PUT", "/s3/test.txt", new HeaderDictionary { ContentLength = 13 });

        Assert.That(request, Is.EqualTo(new S3Request(S3Operation.PutObject, new S3Target("default", "test.txt"))));
    }

    [Test]
    public void Resolve_PutOfASingleSegmentWithAnEmptyAwsChunkedBody_IsACreateBucket()
    {
        var headers = new HeaderDictionary { ContentLength = 86, ["x-amz-decoded-content-length"] = "0" };

        Assert.That(Resolve("PUT", "/s3/b1", headers).Operation, Is.EqualTo(S3Operation.CreateBucket));
    }

    [Test]
    public void Resolve_PutWithACopySource_IsACopyObject()
    {
        var headers = new HeaderDictionary { ["x-amz-copy-source"] = "/b1/src" };

        Assert.That(Resolve("PUT", "/s3/b1/dst", headers).Operation, Is.EqualTo(S3Operation.CopyObject));
    }

    private static S3Request Resolve(string method, string rawTarget, IHeaderDictionary headers)
    {
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var query = question < 0 ? new QueryCollection() : new QueryCollection(ParseQuery(rawTarget[(question + 1)..]));
        return S3OperationResolver.Resolve(method, S3TargetParser.Parse(rawTarget, "/s3"), query, headers);
    }

    private static Dictionary<string, StringValues> ParseQuery(string query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + query);
}
