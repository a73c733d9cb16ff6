using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Downloads;

/// <summary>
/// <c>GET /api/downloads/{cid}</c> on the wire: ranges (206, suffix, 416 ProblemDetails with <c>bytes */size</c>), who
/// may download (owners and those it is shared with; everyone else 404), the stored encoding, published downloads
/// without authentication, and malformed or unknown CIDs.
/// </summary>
public class DownloadTests : NativeApiFixture
{
    private byte[] _bytes = null!;
    private string _cid = null!;

    [OneTimeSetUp]
    public async Task UploadAsync()
    {
        _bytes = RandomBytes(1000);
        _cid = await Alice.UploadFileAsync(UniqueName("ranged", ".bin"), _bytes);
    }

    [Test]
    public async Task Download_WithARange_Answers206WithContentRange()
    {
        using var response = await Alice.GetAsync($"/api/downloads/{_cid}?ignoreEncoding=true", ("Range", "bytes=100-199"));

        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.PartialContent);
        Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo("bytes 100-199/1000"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_bytes[100..200]));
    }

    [Test]
    public async Task Download_WithASuffixRange_AnswersTheLastBytes()
    {
        using var response = await Alice.GetAsync($"/api/downloads/{_cid}", ("Range", "bytes=-5"));

        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.PartialContent);
        Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo("bytes 995-999/1000"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_bytes[995..]));
    }

    [Test]
    public async Task Download_WithARangeOutsideTheObject_Answers416ProblemWithTheSize()
    {
        using var response = await Alice.GetAsync($"/api/downloads/{_cid}", ("Range", "bytes=1000-"));

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.That(response.Content.Headers.GetValues("Content-Range").Single(), Is.EqualTo("bytes */1000"));
    }

    [Test]
    public async Task Download_WithoutARange_AnswersTheWholeWithItsLength()
    {
        using var response = await Alice.GetAsync($"/api/downloads/{_cid}?ignoreEncoding=true");

        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.OK);
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(1000));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_bytes));
    }

    [Test]
    public async Task Download_BySomeoneElse_Answers404UntilTheOwnerSharesIt_AndOthersStill404()
    {
        var bytes = RandomBytes(300);
        var cid = await Alice.UploadFileAsync(UniqueName("shared", ".bin"), bytes);
        using var before = await Bob.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true");
        await NativeApiClient.AssertProblemAsync(before, HttpStatusCode.NotFound);

        var share = await Alice.PostJsonOkAsync($"/api/objects/{cid}/share", new { publicId = await Bob.PublicIdAsync() });
        using var carol = await Carol.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true");

        Assert.That(share.EnumerateObject(), Is.Empty);
        Assert.That(await Bob.DownloadAsync(cid), Is.EqualTo(bytes));
        Assert.That(await Bob.RootCidsAsync("/api/objects/roots/shared?limit=1000"), Does.Contain(cid));
        await NativeApiClient.AssertProblemAsync(carol, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Download_OfAZlibUpload_IsLabelledDeflateUnlessIgnoreEncoding()
    {
        var original = Utf8(string.Concat(Enumerable.Repeat("compress me, ", 200)));
        using var compressed = new MemoryStream();
        await using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await zlib.WriteAsync(original);
        }

        var stored = compressed.ToArray();
        var cid = await Alice.UploadFileAsync(UniqueName("deflated", ".txt"), stored, uploadOptions: new { compression = new { algorithm = "ZLIB", level = 9 } });

        using var labelled = await Alice.GetAsync($"/api/downloads/{cid}");
        using var asStored = await Alice.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true");

        await NativeApiClient.AssertStatusAsync(labelled, HttpStatusCode.OK);
        await NativeApiClient.AssertStatusAsync(asStored, HttpStatusCode.OK);
        Assert.That(labelled.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "deflate" }));
        Assert.That(await labelled.Content.ReadAsByteArrayAsync(), Is.EqualTo(stored));
        Assert.That(asStored.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(await asStored.Content.ReadAsByteArrayAsync(), Is.EqualTo(stored));
    }

    [Test]
    public async Task PublicDownload_OfAPublishedObject_NeedsNoAuth_AndAfterUnpublish404()
    {
        var bytes = RandomBytes(500);
        var cid = await Alice.UploadFileAsync(UniqueName("published", ".bin"), bytes);
        using var anonymousByCid = await Anonymous.GetAsync($"/api/downloads/{cid}");
        await NativeApiClient.AssertProblemAsync(anonymousByCid, HttpStatusCode.Unauthorized);

        using var publish = await Alice.PostAsync($"/api/objects/{cid}/publish");
        var publicationId = (await NativeApiClient.ReadOkJsonAsync(publish)).GetProperty("result").GetString()!;
        using var published = await Anonymous.GetAsync($"/api/objects/{publicationId}/public");
        await NativeApiClient.AssertStatusAsync(published, HttpStatusCode.OK);
        var publishedBytes = await published.Content.ReadAsByteArrayAsync();
        using var unpublish = await Alice.PostAsync($"/api/objects/{cid}/unpublish");
        using var withdrawn = await Anonymous.GetAsync($"/api/objects/{publicationId}/public");

        Assert.That(publicationId, Is.Not.EqualTo(cid));
        Assert.That(publishedBytes, Is.EqualTo(bytes));
        Assert.That(unpublish.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await NativeApiClient.AssertProblemAsync(withdrawn, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Download_OfAPublishedObject_IsOpenToAnyoneAuthenticated()
    {
        var bytes = RandomBytes(200);
        var cid = await Alice.UploadFileAsync(UniqueName("open", ".bin"), bytes);
        using var before = await Carol.GetAsync($"/api/downloads/{cid}?ignoreEncoding=true");
        await NativeApiClient.AssertProblemAsync(before, HttpStatusCode.NotFound);

        using var publish = await Alice.PostAsync($"/api/objects/{cid}/publish");
        await NativeApiClient.AssertStatusAsync(publish, HttpStatusCode.OK);

        Assert.That(await Carol.DownloadAsync(cid), Is.EqualTo(bytes));
    }

    [TestCase("not-a-cid")]
    [TestCase("BAFKR6IFM5DXOLDKWEZXMVJX5HRSEPNVRVVXB4UOF7ILVOS7RHYRGIIRTQU")]
    [TestCase("bafkr6i!!")]
    public async Task Download_OfAMalformedCid_Answers400(string cid)
    {
        using var response = await Alice.GetAsync($"/api/downloads/{Uri.EscapeDataString(cid)}");

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Download_OfAnUnknownCid_Answers404()
    {
        var unknown = CidEncoding.ToText(RandomNumberGenerator.GetBytes(CidEncoding.DigestLength));

        using var response = await Alice.GetAsync($"/api/downloads/{unknown}");

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
