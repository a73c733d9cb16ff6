using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.S3.Buckets;

/// <summary>CreateBucket, HeadBucket, GetBucketLocation, GetBucketVersioning, Object Lock and refusals on buckets;
/// AWSSDK.S3 and raw HTTP over plain HTTP and over HTTPS (the server's self-signed certificate as the clients' only
/// trusted root).</summary>
[TestFixture("http")]
[TestFixture("https")]
public class BucketTests(string scheme) : S3SchemeFixture(scheme)
{
    private static readonly XNamespace S3Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    [Test]
    public async Task CreateBucket_IsIdempotent_AndMakesTheBucketExistForItsOwnerOnly()
    {
        var bucket = SharedServer.UniqueBucket("mk");

        var first = await Alice.PutBucketAsync(bucket);
        var second = await Alice.PutBucketAsync(bucket);

        Assert.That(first.HttpStatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.HttpStatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HeadAsync(Raw, bucket), Is.EqualTo(HttpStatusCode.OK));
        using var bob = S3Clients.Raw(Server, Server.BobKey, Https);
        Assert.That(await HeadAsync(bob, bucket), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CreateBucket_WithACreateBucketConfigurationBody_CreatesTheBucket_NotAnObject()
    {
        var bucket = SharedServer.UniqueBucket("cfg");
        const string body = """<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>""";

        using var put = await Raw.PutAsync($"/s3/{bucket}", new StringContent(body, Encoding.UTF8, "application/xml"));
        using var asObject = await Raw.GetAsync($"/s3/default/{bucket}");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HeadAsync(Raw, bucket), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(asObject.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CreateBucket_WithAnInvalidName_IsInvalidBucketName()
    {
        using var put = await Raw.PutAsync("/s3/bad_name-", new ByteArrayContent([]));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(XDocument.Parse(await put.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value, Is.EqualTo("InvalidBucketName"));
    }

    [Test]
    public async Task HeadBucket_OfABucketWrittenTo_Is200_OfAnUnknownOne404()
    {
        var bucket = SharedServer.UniqueBucket("hb");
        await Alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });

        Assert.That(await HeadAsync(Raw, bucket), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HeadAsync(Raw, bucket + "/"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HeadAsync(Raw, SharedServer.UniqueBucket("nothing")), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await HeadAsync(Raw, "default"), Is.EqualTo(HttpStatusCode.OK), "default always exists");
    }

    [Test]
    public async Task HeadOfASingleSegment_NamingAnObjectOfTheDefaultBucket_AnswersTheObject()
    {
        var name = $"single-{Guid.NewGuid():N}.txt";
        await Alice.PutObjectAsync(new PutObjectRequest { BucketName = "default", Key = name, ContentBody = "in default" });
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/s3/{name}");

        using var response = await Raw.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(10));
        Assert.That(response.Headers.Contains("x-amz-meta-cid"), Is.True);
    }

    [Test]
    public async Task GetBucketLocationAndVersioning_AnswerEmptyConfigurations()
    {
        var bucket = SharedServer.UniqueBucket("loc");
        await Alice.PutBucketAsync(bucket);

        var location = await Alice.GetBucketLocationAsync(bucket);
        var versioning = await Alice.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });

        Assert.That(location.Location?.Value ?? string.Empty, Is.Empty.Or.EqualTo("us-east-1"));
        Assert.That(versioning.VersioningConfig.Status?.Value, Is.Null.Or.EqualTo("Off"));
    }

    [Test]
    public async Task GetBucketLocation_OfAnUnknownBucket_IsNoSuchBucket()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => Bob.GetBucketLocationAsync(SharedServer.UniqueBucket("none")));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.ErrorCode, Is.EqualTo("NoSuchBucket"));
    }

    [Test]
    public async Task GetObjectLockConfiguration_SaysCompliance()
    {
        var bucket = SharedServer.UniqueBucket("lock");
        await Alice.PutBucketAsync(bucket);

        using var response = await Raw.GetAsync($"/s3/{bucket}?object-lock");
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.That(root.Name, Is.EqualTo(S3Ns + "ObjectLockConfiguration"));
        Assert.That(root.Element(S3Ns + "ObjectLockEnabled")!.Value, Is.EqualTo("Enabled"));
        Assert.That(root.Descendants(S3Ns + "Mode").Single().Value, Is.EqualTo("COMPLIANCE"));
    }

    [TestCase("DELETE", "")]
    [TestCase("POST", "?delete")]
    public async Task DeletingABucketOrObjects_IsRefusedBecauseStorageIsPermanent(string method, string query)
    {
        var bucket = SharedServer.UniqueBucket("del");
        await Alice.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/s3/{bucket}{query}");
        if (method == "POST")
        {
            request.Content = new StringContent("<Delete><Object><Key>k</Key></Object></Delete>", Encoding.UTF8, "application/xml");
        }

        using var response = await Raw.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.That(error.Element("Code")!.Value, Is.EqualTo("AccessDenied"));
        Assert.That(error.Element("Message")!.Value, Does.Contain("permanent"));
    }

    [TestCase("?acl")]
    [TestCase("?policy")]
    [TestCase("?cors")]
    [TestCase("?lifecycle")]
    [TestCase("?versions")]
    [TestCase("?tagging")]
    public async Task UnknownBucketSubresource_IsNotImplemented_NeverAListing(string query)
    {
        using var response = await Raw.GetAsync($"/s3/{SharedServer.UniqueBucket("sub")}{query}");

        Assert.That((int)response.StatusCode, Is.EqualTo(501));
        Assert.That(XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value, Is.EqualTo("NotImplemented"));
    }

    private static async Task<HttpStatusCode> HeadAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/s3/{path}");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
