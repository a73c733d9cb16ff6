using System.Text;
using System.Xml.Linq;
using AutoDrive.Tests.TestSupport;
using Npgsql;

namespace AutoDrive.Tests.Api.S3.Objects;

/// <summary>
/// Header values and XML on the wire, over raw sockets (HttpClient would refuse the bytes): non-ASCII metadata is
/// answered as RFC 2047 encoded words, control characters are refused at PUT with nothing stored, values stored raw
/// before that rule (written here straight into the database) still read back, <c>response-*</c> with control
/// characters is 400, and keys XML cannot carry are answered as well-formed XML.
/// </summary>
public class HeaderValueWireTests
{
    private AutoDriveServer _server = null!;
    private NativeTestUser _user = null!;
    private RawHttpClient _raw = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _user = await NativeTestUser.CreateAsync(_server, prefix: "headers");
        _raw = new RawHttpClient(_server.BaseAddress, TimeSpan.FromSeconds(30));
        _bucket = SharedServer.UniqueBucket("headers");
        Assert.That((await SendAsync("PUT", $"/s3/{_bucket}")).Status, Is.EqualTo(200));
    }

    [OneTimeTearDown]
    public void Stop() => _user.Dispose();

    [Test]
    public async Task Put_NonAsciiMetadata_IsAnsweredAsAnEncodedWordOnGetAndHead()
    {
        var put = await SendAsync("PUT", $"/s3/{_bucket}/utf8", "hi"u8.ToArray(), ("x-amz-meta-city", "Zürich\u2028é"u8.ToArray()));
        var get = await SendAsync("GET", $"/s3/{_bucket}/utf8");
        var head = await SendAsync("HEAD", $"/s3/{_bucket}/utf8");

        Assert.That(put.Status, Is.EqualTo(200));
        var expected = "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Zürich\u2028é")) + "?=";
        Assert.That((get.Status, get.Header("x-amz-meta-city")), Is.EqualTo((200, expected)));
        Assert.That((head.Status, head.Header("x-amz-meta-city")), Is.EqualTo((200, expected)));
        Assert.That(get.HeadersArePrintableAscii() && head.HeadersArePrintableAscii(), Is.True);
    }

    [TestCase("x-amz-meta-a", "a\u0001b")]
    [TestCase("x-amz-meta-a", "del\u007F")]
    [TestCase("Content-Type", "text/\u0002plain")]
    [TestCase("Content-Disposition", "attachment\u001b")]
    [TestCase("Cache-Control", "\u0000")]
    public async Task Put_ControlCharacterInAStoredHeader_Answers400InvalidArgument_AndStoresNothing(string name, string value)
    {
        var key = $"refused-{Guid.NewGuid():N}";

        var put = await SendAsync("PUT", $"/s3/{_bucket}/{key}", "x"u8.ToArray(), (name, Encoding.UTF8.GetBytes(value)));
        var create = await SendAsync("POST", $"/s3/{_bucket}/{key}?uploads", [], (name, Encoding.UTF8.GetBytes(value)));
        var get = await SendAsync("GET", $"/s3/{_bucket}/{key}");

        // Kestrel itself refuses NUL in a header (400 before AutoDrive sees it); either way nothing is stored.
        Assert.That(put.Status, Is.EqualTo(400));
        Assert.That(create.Status, Is.EqualTo(400));
        Assert.That(get.Status, Is.EqualTo(404));
        if (value != "\u0000")
        {
            Assert.That(ErrorCode(put), Is.EqualTo("InvalidArgument"));
        }
    }

    [Test]
    public async Task ValuesStoredRawBeforeTheRule_ReadBackWithPrintableHeaders()
    {
        var key = $"legacy-{Guid.NewGuid():N}";
        Assert.That((await SendAsync("PUT", $"/s3/{_bucket}/{key}", "legacy"u8.ToArray())).Status, Is.EqualTo(200));
        await using (var connection = new NpgsqlConnection(_server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand(
                """
                UPDATE object_mappings
                SET metadata = jsonb_build_object('crlf', E'a\r\nb', 'ctl', E'x\u0001y', 'utf8', 'é'),
                    content_type = E'text/plain\r\nX-Injected: 1', content_disposition = E'attachment; filename="\u0007.txt"',
                    cache_control = 'max-age=é', content_encoding = E'gzip\n', content_language = E'\u007F', expires = E'\t'
                WHERE bucket_name = @bucket AND key = @key
                """,
                connection);
            update.Parameters.AddWithValue("bucket", _bucket);
            update.Parameters.AddWithValue("key", key);
            Assert.That(await update.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        var get = await SendAsync("GET", $"/s3/{_bucket}/{key}");
        var head = await SendAsync("HEAD", $"/s3/{_bucket}/{key}");

        Assert.That((get.Status, head.Status), Is.EqualTo((200, 200)));
        Assert.That(get.Body, Is.EqualTo("legacy"u8.ToArray()));
        Assert.That(get.HeadersArePrintableAscii() && head.HeadersArePrintableAscii(), Is.True);
        Assert.That(get.Header("x-injected"), Is.Null);
        Assert.That(Decode(get.Header("x-amz-meta-crlf")), Is.EqualTo("a\r\nb"));
        Assert.That(Decode(get.Header("x-amz-meta-ctl")), Is.EqualTo("x\u0001y"));
        Assert.That(Decode(get.Header("content-type")), Is.EqualTo("text/plain\r\nX-Injected: 1"));
        Assert.That(Decode(head.Header("content-disposition")), Is.EqualTo("attachment; filename=\"\u0007.txt\""));
    }

    [TestCase("response-content-encoding", "%00")]
    [TestCase("response-content-type", "text%0D%0AX-Injected:%201")]
    [TestCase("response-content-disposition", "a%01b")]
    [TestCase("response-cache-control", "%7F")]
    [TestCase("response-expires", "%0A")]
    [TestCase("response-content-language", "%C2%85")]
    public async Task ResponseOverride_WithAControlCharacter_Answers400InvalidArgument(string name, string value)
    {
        Assert.That((await SendAsync("PUT", $"/s3/{_bucket}/override", "o"u8.ToArray())).Status, Is.EqualTo(200));

        var get = await SendAsync("GET", $"/s3/{_bucket}/override?{name}={value}");
        var head = await SendAsync("HEAD", $"/s3/{_bucket}/override?{name}={value}");

        Assert.That((get.Status, ErrorCode(get)), Is.EqualTo((400, "InvalidArgument")));
        Assert.That(head.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task ResponseOverride_NonAscii_IsAnsweredAsAnEncodedWord()
    {
        Assert.That((await SendAsync("PUT", $"/s3/{_bucket}/override-utf8", "o"u8.ToArray())).Status, Is.EqualTo(200));

        var get = await SendAsync("GET", $"/s3/{_bucket}/override-utf8?response-content-disposition=%C3%A9");

        Assert.That((get.Status, get.Header("content-disposition")), Is.EqualTo((200, "=?UTF-8?B?w6k=?=")));
    }

    [Test]
    public async Task KeyWithEveryControlCharacter_MultipartAnswersAreWellFormedXml_ListingsNeedEncodingTypeUrl()
    {
        var bucket = SharedServer.UniqueBucket("ctlkeys");
        Assert.That((await SendAsync("PUT", $"/s3/{bucket}")).Status, Is.EqualTo(200));
        var encodings = Enumerable.Range(1, 0x1F).Append(0x7F).Select(c => $"%{c:X2}").ToList();
        foreach (var encoded in encodings)
        {
            var initiated = await SendAsync("POST", $"/s3/{bucket}/ctl{encoded}key?uploads");
            var uploadId = Xml(initiated).Descendants().Single(e => e.Name.LocalName == "UploadId").Value;
            var parts = await SendAsync("GET", $"/s3/{bucket}/ctl{encoded}key?uploadId={uploadId}&encoding-type=url");
            var put = await SendAsync("PUT", $"/s3/{bucket}/ctl{encoded}key", "c"u8.ToArray());

            Assert.That(initiated.Status, Is.EqualTo(200), encoded);
            Assert.That(Key(parts), Is.EqualTo($"ctl{encoded}key"), encoded);
            Assert.That(put.Status, Is.EqualTo(200), encoded);
        }

        var uploads = await SendAsync("GET", $"/s3/{bucket}?uploads");
        var uploadsEncoded = await SendAsync("GET", $"/s3/{bucket}?uploads&encoding-type=url");
        var objects = await SendAsync("GET", $"/s3/{bucket}?list-type=2");
        var objectsEncoded = await SendAsync("GET", $"/s3/{bucket}?list-type=2&encoding-type=url");

        // Tab, LF and CR are legal in XML; every other control character makes the page unshowable without url.
        Assert.That((uploads.Status, ErrorCode(uploads)), Is.EqualTo((400, "InvalidArgument")));
        Assert.That((objects.Status, ErrorCode(objects)), Is.EqualTo((400, "InvalidArgument")));
        var listedUploads = Xml(uploadsEncoded).Descendants().Where(e => e.Name.LocalName == "Key").Select(e => Uri.UnescapeDataString(e.Value)).ToList();
        var listedObjects = Xml(objectsEncoded).Descendants().Where(e => e.Name.LocalName == "Key").Select(e => Uri.UnescapeDataString(e.Value)).ToList();
        var expected = encodings.Select(e => Uri.UnescapeDataString($"ctl{e}key")).Order(StringComparer.Ordinal).ToList();
        Assert.That(listedUploads, Is.EqualTo(expected));
        Assert.That(listedObjects, Is.EqualTo(expected));
    }

    [Test]
    public async Task ListParts_KeyXmlCannotCarry_WithoutEncodingType_Answers400()
    {
        var initiated = await SendAsync("POST", $"/s3/{_bucket}/parts%01key?uploads");
        var uploadId = Xml(initiated).Descendants().Single(e => e.Name.LocalName == "UploadId").Value;

        var parts = await SendAsync("GET", $"/s3/{_bucket}/parts%01key?uploadId={uploadId}");

        Assert.That(Xml(initiated).Descendants().Single(e => e.Name.LocalName == "Key").Value, Is.EqualTo("parts\uFFFDkey"));
        Assert.That((parts.Status, ErrorCode(parts)), Is.EqualTo((400, "InvalidArgument")));
    }

    [Test]
    public async Task NativeDownload_NameAndMimeTypeWithControlCharacters_AnswersPrintableHeaders()
    {
        var uploadId = await _user.Api.CreateFileUploadAsync("a\u0001b\r\né.txt", "text/é\u0007");
        await _user.Api.SendChunkOkAsync(uploadId, "hello"u8.ToArray(), 0);
        var cid = await _user.Api.CompleteOkAsync(uploadId);

        var download = await SendAsync("GET", $"/api/downloads/{cid}");

        Assert.That(download.Status, Is.EqualTo(200));
        Assert.That(download.Body, Is.EqualTo("hello"u8.ToArray()));
        Assert.That(download.HeadersArePrintableAscii(), Is.True);
        Assert.That(download.Header("content-disposition"), Does.Contain("filename*=UTF-8''a_b__%C3%A9.txt"));
        Assert.That(Decode(download.Header("content-type")), Is.EqualTo("text/é\u0007"));
    }

    /// <summary>The value of an RFC 2047 B-encoded word (or the value itself when it is not one).</summary>
    private static string? Decode(string? header) =>
        header is not null && header.StartsWith("=?UTF-8?B?", StringComparison.Ordinal) && header.EndsWith("?=", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(header["=?UTF-8?B?".Length..^2]))
            : header;

    private static XDocument Xml(RawHttpResponse response) => XDocument.Parse(response.BodyText);

    private static string? Key(RawHttpResponse response) =>
        Xml(response).Descendants().SingleOrDefault(e => e.Name.LocalName == "Key")?.Value;

    private static string? ErrorCode(RawHttpResponse response) =>
        response.Body.Length == 0 ? null : Xml(response).Root?.Element("Code")?.Value;

    private Task<RawHttpResponse> SendAsync(string method, string target, byte[]? body = null, params (string Name, byte[] Value)[] headers) =>
        _raw.SendAsync(
            method,
            Encoding.ASCII.GetBytes(target),
            headers.Select(h => (Encoding.ASCII.GetBytes(h.Name), h.Value)).Prepend(("Authorization"u8.ToArray(), Encoding.ASCII.GetBytes($"Bearer {_user.Key}"))),
            body ?? [],
            CancellationToken.None);
}
