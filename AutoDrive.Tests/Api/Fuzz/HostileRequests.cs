using System.Globalization;
using System.Text;

namespace AutoDrive.Tests.Api.Fuzz;

/// <summary>
/// Generates the fuzz run's requests from one seeded <see cref="Random"/> (the same seed, the same requests):
/// hostile headers and metadata, <c>response-*</c> overrides, ranges, keys with every control character and odd
/// percent-encodings, XML bodies (truncated, deep, wrong root, DTDs and external entities), aws-chunked framing,
/// query strings, and the native API's JSON bodies, forms, route values, queries and headers.
/// </summary>
internal sealed class HostileRequests(int seed, string s3Key, string bucket, string xxeUrl)
{
    private readonly Random _random = new(seed);
    private int _counter;

    /// <summary>Upload ids of real multipart uploads (so a hostile Complete body is read, not refused for the id).</summary>
    public List<string> UploadIds { get; } = [];

    /// <summary>
    /// Request targets of objects known to exist, made before the run (GET/HEAD with hostile overrides go there; the
    /// run's own answers never feed back into what is generated, so the same seed gives the same requests).
    /// </summary>
    public List<byte[]> Objects { get; } = [];

    /// <summary>Bytes that, alone or in a row, make header values and keys hostile.</summary>
    private static readonly byte[][] HostileBytes = BuildHostileBytes();

    /// <summary>Percent-encodings a path or query may carry: every control character, invalid UTF-8, odd forms.</summary>
    private static readonly string[] OddEncodings = BuildOddEncodings();

    private static readonly string[] Subresources =
    [
        "acl", "tagging", "versions", "versioning", "lifecycle", "policy", "cors", "website", "location", "uploads",
        "delete", "restore", "select", "torrent", "legal-hold", "retention", "object-lock", "attributes", "notification",
        "encryption", "replication", "logging", "metrics", "inventory", "analytics", "accelerate", "requestPayment", "nonsense",
    ];

    public FuzzRequest Next()
    {
        var n = Interlocked.Increment(ref _counter);
        return _random.Next(100) switch
        {
            < 22 => PutWithHostileHeaders(n),
            < 36 => ReadWithHostileOverrides(),
            < 54 => HostileKey(n),
            < 62 => Listing(),
            < 70 => XmlBody(n),
            < 80 => AwsChunked(n),
            < 88 => QueryString(n),
            _ => Native(),
        };
    }

    private FuzzRequest PutWithHostileHeaders(int n)
    {
        var headers = new List<(byte[], byte[])> { Auth() };
        for (var i = _random.Next(4); i > 0; i--)
        {
            headers.Add((Ascii($"x-amz-meta-{Pick(["a", "b", "name", "x_y", "cid", "UPPER", "é"])}"), HostileValue()));
        }

        foreach (var name in Sample(["Content-Type", "Content-Disposition", "Cache-Control", "Content-Encoding", "Content-Language", "Expires", "Content-MD5", "x-amz-acl", "x-amz-storage-class", "If-None-Match"], _random.Next(3)))
        {
            headers.Add((Ascii(name), HostileValue()));
        }

        var body = RandomBytes(_random.Next(65));

        // A raw CR or LF ends a header line early (an LF alone is a line end to the server): then the request's framing,
        // and so the stored bytes, are not the ones written here; the read-back checks the ETag instead.
        var framed = headers.All(h => !h.Item2.Any(b => b is (byte)'\r' or (byte)'\n'));
        return new FuzzRequest("put-headers", "PUT", ObjectTarget($"fz{n}"), headers, body) { IsObjectWrite = true, ExpectedContent = framed ? body : null };
    }

    private FuzzRequest ReadWithHostileOverrides()
    {
        var target = new StringBuilder(Encoding.ASCII.GetString(Pick(Objects)));
        var overrides = Sample(
            ["response-content-type", "response-content-language", "response-expires", "response-cache-control", "response-content-disposition", "response-content-encoding", "partNumber", "versionId"],
            1 + _random.Next(3));
        var separator = '?';
        foreach (var name in overrides)
        {
            target.Append(separator).Append(name).Append('=').Append(HostileQueryValue());
            separator = '&';
        }

        var headers = new List<(byte[], byte[])> { Auth() };
        if (_random.Next(2) == 0)
        {
            headers.Add((Ascii("Range"), Pick(RangeValues())));
        }

        if (_random.Next(3) == 0)
        {
            headers.Add((Ascii(Pick(["If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "x-amz-checksum-mode"])), HostileValue()));
        }

        return new FuzzRequest("read-overrides", _random.Next(2) == 0 ? "GET" : "HEAD", Encoding.ASCII.GetBytes(target.ToString()), headers, []);
    }

    private FuzzRequest HostileKey(int n)
    {
        var key = $"fz{n}-{HostileSegment()}";
        var target = ObjectTarget(key);
        var headers = new List<(byte[], byte[])> { Auth() };
        switch (_random.Next(8))
        {
            case 0:
            case 1:
                var body = RandomBytes(_random.Next(33));
                return new FuzzRequest("key-put", "PUT", target, headers, body) { IsObjectWrite = true, ExpectedContent = body };
            case 2:
                return new FuzzRequest("key-create-multipart", "POST", Append(target, "?uploads"), headers, []);
            case 3:
                return new FuzzRequest("key-list-parts", "GET", Append(target, $"?uploadId={Pick(UploadIds)}{Pick(["", "&encoding-type=url"])}"), headers, []);
            case 4:
                headers.Add((Ascii("x-amz-copy-source"), Ascii($"{bucket}/{Pick(["fz0-good", HostileSegment(), "%", ""])}")));
                return new FuzzRequest("key-copy", "PUT", target, headers, []);
            case 5:
                return new FuzzRequest("key-delete", "DELETE", target, headers, []);
            case 6:
                return new FuzzRequest("key-head", "HEAD", target, headers, []);
            default:
                return new FuzzRequest("key-get", "GET", target, headers, []);
        }
    }

    private FuzzRequest Listing()
    {
        var query = Pick([
            "?list-type=2", "?list-type=1", "", "?uploads", "?uploads&max-uploads=1", "?list-type=2&max-keys=1", "?versions",
        ]);
        var parameters = Sample(["prefix", "delimiter", "marker", "start-after", "continuation-token", "key-marker", "upload-id-marker", "max-keys", "fetch-owner"], _random.Next(3))
            .Select(p => $"{p}={HostileQueryValue()}")
            .ToList();
        var encoding = Pick(["", "encoding-type=url", "encoding-type=", "encoding-type=URL", "encoding-type=base64"]);
        if (encoding.Length > 0)
        {
            parameters.Add(encoding);
        }

        var target = $"/s3/{bucket}" + query + string.Concat(parameters.Select((p, i) => (i == 0 && query.Length == 0 ? "?" : "&") + p));
        if (_random.Next(6) == 0)
        {
            target = "/s3/" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : string.Empty);
        }

        return new FuzzRequest("listing", "GET", Ascii(target), [Auth()], []);
    }

    private FuzzRequest XmlBody(int n)
    {
        var body = Encoding.UTF8.GetBytes(Pick(XmlBodies()));
        if (_random.Next(4) == 0 && body.Length > 2)
        {
            body = body[.._random.Next(1, body.Length)];
        }

        var upload = _random.Next(UploadIds.Count);
        return _random.Next(4) switch
        {
            0 => new FuzzRequest("xml-create-bucket", "PUT", Ascii($"/s3/fz-xml-{seed & 0xffff}-{n}"), [Auth()], body),
            1 => new FuzzRequest("xml-delete-objects", "POST", Ascii($"/s3/{bucket}?delete"), [Auth()], body),
            _ => new FuzzRequest("xml-complete", "POST", Ascii($"/s3/{bucket}/upload-{upload}?uploadId={UploadIds[upload]}"), [Auth()], body),
        };
    }

    private FuzzRequest AwsChunked(int n)
    {
        var payload = RandomBytes(_random.Next(1, 200));
        var (framing, intact) = ChunkedFraming(payload);
        var sha = Pick(["STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "UNSIGNED-PAYLOAD", "garbage"]);
        var encoding = Pick(["aws-chunked", "aws-chunked", "aws-chunked,gzip", "gzip,aws-chunked", ""]);
        var length = payload.Length.ToString(CultureInfo.InvariantCulture);
        var decoded = Pick([length, length, "-1", "abc", "99999999999999999999", (payload.Length + 1).ToString(CultureInfo.InvariantCulture), ""]);
        intact = intact && sha.StartsWith("STREAMING-", StringComparison.Ordinal) && encoding == "aws-chunked" && decoded == length;
        var headers = new List<(byte[], byte[])>
        {
            Auth(),
            (Ascii("x-amz-content-sha256"), Ascii(sha)),
            (Ascii("Content-Encoding"), Ascii(encoding)),
            (Ascii("x-amz-decoded-content-length"), Ascii(decoded)),
        };
        if (_random.Next(2) == 0)
        {
            headers.Add((Ascii("x-amz-trailer"), Ascii(Pick(["x-amz-checksum-crc32", "x-amz-checksum-nope", "", "x-amz-checksum-crc32,x-amz-checksum-sha1"]))));
        }

        // The framing's bytes are what S3 stores only when the framing, the declared length and the encoding all
        // agree; otherwise an accepted PUT is checked against its own ETag.
        return new FuzzRequest("aws-chunked", "PUT", ObjectTarget($"fz{n}-chunked"), headers, framing)
        {
            IsObjectWrite = true,
            ExpectedContent = intact ? payload : null,
        };
    }

    private FuzzRequest QueryString(int n)
    {
        var method = Pick(["GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH", "PROPFIND"]);
        var path = Pick([$"/s3/{bucket}", $"/s3/{bucket}/fz0-good", $"/s3/{bucket}/fz{n}-q", "/s3/", "/s3", $"/s3/fz{n}-single"]);
        var pieces = new List<string>();
        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            pieces.Add(_random.Next(5) switch
            {
                0 => Pick(Subresources),
                1 => $"{Pick(Subresources)}={HostileQueryValue()}",
                2 => Pick(["", "=", "&", "==", "=x", "%", "%zz=1", "uploads&uploads", "prefix=a&prefix=b", "max-keys=1&max-keys=2", "uploadId=a&uploadId=b", "partNumber=1&partNumber=2"]),
                3 => $"{Pick(["max-keys", "max-uploads", "max-parts", "part-number-marker", "partNumber", "list-type", "max-buckets"])}={Pick(["-1", "0", "1e3", "99999999999", "abc", "", " 1", "0x10", "1.5", "٣"])}",
                _ => $"{HostileQueryValue()}={HostileQueryValue()}",
            });
        }

        var headers = new List<(byte[], byte[])> { Auth() };
        if (method is "PUT" or "POST" && _random.Next(3) == 0)
        {
            headers.Add((Ascii("x-amz-copy-source"), Ascii($"{bucket}/fz0-good")));
        }

        return new FuzzRequest("query", method, Ascii(path + "?" + string.Join('&', pieces)), headers, method is "PUT" or "POST" ? RandomBytes(_random.Next(16)) : []);
    }

    private FuzzRequest Native()
    {
        var auth = (Ascii("Authorization"), _random.Next(10) == 0 ? HostileAuthValue() : Ascii($"Bearer {s3Key}"));
        var provider = (Ascii("X-Auth-Provider"), _random.Next(10) == 0 ? HostileValue() : Ascii("apikey"));
        var json = (Ascii("Content-Type"), Ascii(Pick(["application/json", "application/json; charset=utf-8", "text/plain", "application/json; charset=latin1", "application/xml"])));
        switch (_random.Next(7))
        {
            case 0:
            case 1:
                return new FuzzRequest("native-json", "POST", Ascii(Pick(["/api/uploads/file", "/api/uploads/folder", "/api/uploads/folder/nope/file", $"/api/objects/{OddCid()}/share", "/api/users/@me/apiKeys/create", "/api/admin/users"])), [auth, provider, json], JsonBody());
            case 2:
                var boundary = Pick(["b0undary", "", "\"quoted\"", new string('x', 200)]);
                return new FuzzRequest(
                    "native-form", "POST", Ascii($"/api/uploads/file/{Pick([OddCid(), "00000000-0000-0000-0000-000000000000", "%00"])}/chunk"),
                    [auth, provider, (Ascii("Content-Type"), Ascii(Pick([$"multipart/form-data; boundary={boundary}", "multipart/form-data", "application/octet-stream", $"multipart/mixed; boundary={boundary}"])))],
                    Encoding.UTF8.GetBytes(Pick(FormBodies(boundary))));
            case 3:
                return new FuzzRequest("native-route", Pick(["GET", "POST", "DELETE"]), Ascii(Pick([
                    $"/api/objects/{OddCid()}", $"/api/objects/{OddCid()}/summary", $"/api/objects/{OddCid()}/metadata", $"/api/objects/{OddCid()}/status",
                    $"/api/objects/{OddCid()}/owners", $"/api/objects/{OddCid()}/publish", $"/api/objects/{OddCid()}/delete", $"/api/objects/{OddCid()}/restore",
                    $"/api/objects/{OddCid()}/public", $"/api/downloads/{OddCid()}", $"/api/uploads/{OddCid()}/complete", $"/api/users/@me/apiKeys/{OddCid()}",
                    $"/api/admin/users/{OddCid()}", $"/api/{OddCid()}",
                ])), [auth, provider], []);
            case 4:
                return new FuzzRequest("native-query", "GET", Ascii(Pick(["/api/objects/roots", "/api/objects/roots/shared", "/api/objects/roots/deleted", "/api/objects/search", "/api/accounts/@me", "/api/admin/users"])
                    + "?" + string.Join('&', Sample(["limit", "offset", "cid", "scope", "name", "ignoreEncoding", "limit"], 1 + _random.Next(3)).Select(p => $"{p}={Pick([HostileQueryValue(), "-1", "99999999999", "abc", "", "true"])}"))),
                    [auth, provider], []);
            case 5:
                return new FuzzRequest("native-range", "GET", Ascii($"/api/downloads/{OddCid()}?ignoreEncoding={Pick(["true", "x", "%00"])}"), [auth, provider, (Ascii("Range"), Pick(RangeValues()))], []);
            default:
                return new FuzzRequest("native-headers", "GET", Ascii("/api/accounts/@me"), [auth, provider, (Ascii(Pick(["Accept", "Accept-Language", "Cookie", "X-Forwarded-For", "Origin"])), HostileValue())], []);
        }
    }

    /// <summary>An aws-chunked body for the payload; intact when left as clients frame it, else broken somewhere.</summary>
    private (byte[] Body, bool Intact) ChunkedFraming(byte[] payload)
    {
        var body = new MemoryStream();
        var size = payload.Length;
        var mutation = _random.Next(10);
        var sizeText = mutation switch
        {
            1 => "zz",
            2 => "-1",
            3 => "FFFFFFFFFFFFFFFFFFFF",
            4 => (size + 5).ToString("x", CultureInfo.InvariantCulture),
            _ => size.ToString("x", CultureInfo.InvariantCulture),
        };
        var extension = mutation == 5 ? Pick([";", ";;", ";chunk-signature", ";chunk-signature=\x01", ";=x", " ;x=y"]) : string.Empty;
        Write(body, sizeText + extension + (mutation == 6 ? "\n" : "\r\n"));
        body.Write(payload);
        if (mutation == 7)
        {
            // Truncated: the body ends inside the last chunk (Content-Length says so, so no one waits).
            return (body.ToArray()[..Math.Max(1, (int)body.Length - _random.Next(1, payload.Length + 1))], false);
        }

        Write(body, "\r\n0\r\n");
        if (mutation == 8)
        {
            Write(body, Pick(["x-amz-checksum-crc32:AAAAAA==\r\n", "x-amz-checksum-crc32\r\n", ":\r\n", "x-amz-checksum-crc32:\x01\r\n"]));
        }

        if (mutation != 9)
        {
            Write(body, "\r\n");
        }

        return (body.ToArray(), mutation is 0);
    }

    private byte[] JsonBody() => Encoding.UTF8.GetBytes(Pick([
        "{", "[]", "null", "\"x\"", "{\"filename\":null}", "{\"filename\":\"\\u0001\"}", "{\"filename\":\"a\\u0000b\",\"mimeType\":\"x\\r\\ny\"}",
        string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000),
        string.Concat(Enumerable.Repeat("[", 3000)) + new string(']', 3000),
        "{\"filename\":\"a\",\"uploadOptions\":{\"compression\":{\"algorithm\":\"NOPE\"}}}",
        "{\"filename\":\"a\",\"uploadOptions\":{\"encryption\":{\"algorithm\":7}}}",
        "{\"filename\":1e999999}", "{\"filename\":\"\\ud800\"}", "{\"filename\":\"é\\u2028\",\"mimeType\":\"text/é\"}",
        "{\"fileTree\":{\"name\":\"x\",\"type\":\"folder\",\"children\":[{\"name\":\"\\u0007\",\"type\":\"file\",\"id\":\"1\"}]}}",
        "{\"fileTree\":{\"type\":\"nope\"}}", "{\"fileTree\":{\"name\":\"a\",\"type\":\"folder\",\"children\":null}}",
        "{\"publicId\":\"\\u0000\"}", "{\"name\":\"x\",\"uploadLimit\":-5}", "{\"name\":\"x\\u0001\",\"uploadLimit\":\"abc\"}",
        "{\"filename\":\"" + new string('a', 100_000) + "\"}", "\xff\xfe", "{\"filename\":\"a\",\"filename\":\"b\"}",
    ]));

    private static string[] FormBodies(string boundary) =>
    [
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"index\"\r\n\r\nabc\r\n--{boundary}--\r\n",
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"index\"\r\n\r\n-1\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\nhello\r\n--{boundary}--\r\n",
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\u0001\"\r\n\r\nhel",
        $"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{boundary}--\r\n",
        $"--{boundary}\r\n\r\n\r\n--{boundary}--",
        "garbage",
        string.Empty,
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"index\"\r\n\r\n99999999999999999999\r\n--{boundary}--\r\n",
    ];

    private string[] XmlBodies() =>
    [
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>",
        "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Part><PartNumber>abc</PartNumber></Part></CompleteMultipartUpload>",
        "<WrongRoot><Part><PartNumber>1</PartNumber></Part></WrongRoot>",
        string.Concat(Enumerable.Repeat("<a>", 20_000)) + string.Concat(Enumerable.Repeat("</a>", 20_000)),
        $"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"{xxeUrl}\">]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&e;</ETag></Part></CompleteMultipartUpload>",
        $"<?xml version=\"1.0\"?><!DOCTYPE CreateBucketConfiguration [<!ENTITY e SYSTEM \"{xxeUrl}\">]><CreateBucketConfiguration><LocationConstraint>&e;</LocationConstraint></CreateBucketConfiguration>",
        "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><CompleteMultipartUpload><Part><ETag>&d;</ETag></Part></CompleteMultipartUpload>",
        "<CreateBucketConfiguration><LocationConstraint>\u0001</LocationConstraint></CreateBucketConfiguration>",
        "<CreateBucketConfiguration><LocationConstraint>&#x1;</LocationConstraint></CreateBucketConfiguration>",
        "<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>",
        "<Delete><Object><Key>\u0001</Key></Object></Delete>",
        "<?xml version=\"1.1\"?><CompleteMultipartUpload/>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><CompleteMultipartUpload/>",
        "\xef\xbb\xbf<CompleteMultipartUpload></CompleteMultipartUpload>",
        "not xml at all",
        string.Empty,
        "<CompleteMultipartUpload>" + string.Concat(Enumerable.Range(1, 12_000).Select(i => $"<Part><PartNumber>{i}</PartNumber><ETag>x</ETag></Part>")) + "</CompleteMultipartUpload>",
    ];

    private byte[][] RangeValues() =>
    [
        Ascii("bytes=0-0"), Ascii("bytes=-5"), Ascii("bytes=5-"), Ascii("bytes=1-0"), Ascii("bytes=0-1,2-3"), Ascii("bytes=99999999999999999999-"),
        Ascii("bytes=--1"), Ascii("bytes="), Ascii("items=0-1"), Ascii("bytes=a-b"), Ascii("bytes=0-9223372036854775807"), Ascii("bytes=-0"),
        Ascii(" bytes = 0 - 1 "), HostileValue(),
    ];

    private (byte[], byte[]) Auth() => (Ascii("Authorization"), _random.Next(25) == 0 ? HostileAuthValue() : Ascii($"Bearer {s3Key}"));

    private byte[] HostileAuthValue() => Pick([
        Ascii("Bearer "), Concat(Ascii("Bearer "), HostileValue()), Ascii("AWS4-HMAC-SHA256 Credential="), Ascii("AWS4-HMAC-SHA256 Credential=/"),
        Ascii("AWS :"), Ascii("Basic Zm9vOmJhcg=="), Concat(Ascii("AWS4-HMAC-SHA256 Credential="), HostileValue(), Ascii("/20260101/us-east-1/s3/aws4_request")),
    ]);

    /// <summary>A header value: printable text with hostile bytes spliced in (raw control bytes, raw UTF-8, invalid UTF-8).</summary>
    private byte[] HostileValue()
    {
        var value = new MemoryStream();
        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            value.Write(_random.Next(3) == 0 ? Ascii(Pick(["text", "a b", "=?UTF-8?B?w6k=?=", "\"q\"", "x;y=z", "%41", "\\"])) : Pick(HostileBytes));
        }

        return value.ToArray();
    }

    /// <summary>A query value, percent-encoded: control characters, invalid UTF-8 and odd forms among plain text.</summary>
    private string HostileQueryValue() =>
        string.Concat(Enumerable.Range(0, _random.Next(1, 4)).Select(_ => _random.Next(3) == 0 ? Pick(["a", "x y", "%C3%A9", "%E2%80%A8", "+", "text%2Fplain"]) : Pick(OddEncodings)));

    /// <summary>A key segment for a path: percent-encoded control characters and odd forms, sometimes raw bytes.</summary>
    private string HostileSegment() =>
        string.Concat(Enumerable.Range(0, _random.Next(1, 4)).Select(_ => _random.Next(4) == 0 ? Pick(["a", "dir/", "é", "..", ".", "+", " ", "%2F", "//"]) : Pick(OddEncodings)));

    private string OddCid() => Pick(["bafkr6iaeu7sqiwiar7n4hvdr5o6dakued6jnnbygpvztkoweao7kcvo4zq", "x", HostileSegment(), new string('b', 300), "%00", "..%2F..", "00000000-0000-0000-0000-000000000000"]);

    private byte[] ObjectTarget(string key) => Encoding.UTF8.GetBytes($"/s3/{bucket}/{key}");

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<string> Sample(IReadOnlyList<string> items, int count) =>
        Enumerable.Range(0, count).Select(_ => Pick(items)).ToList();

    private static byte[][] BuildHostileBytes()
    {
        var bytes = new List<byte[]>();
        for (var c = 0; c < 0x20; c++)
        {
            bytes.Add([(byte)c]);
        }

        bytes.Add([0x7F]);
        bytes.AddRange([
            "é"u8.ToArray(), "\u2028"u8.ToArray(), "😀"u8.ToArray(), "\u0085"u8.ToArray(), "\uFEFF"u8.ToArray(),
            [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xC0, 0xAF], [0x80], [0xE9],
        ]);
        return bytes.ToArray();
    }

    private static string[] BuildOddEncodings()
    {
        var encodings = new List<string>();
        for (var c = 0; c < 0x20; c++)
        {
            encodings.Add($"%{c:X2}");
        }

        encodings.Add("%7F");
        encodings.AddRange(["%", "%G1", "%C3", "%C3%28", "%ED%A0%80", "%EF%BF%BF", "%EF%BF%BE", "%C0%AF", "%FF", "%25", "%2e%2e", "%u00e9", "%%", "%0", "%C2%85", "%F4%90%80%80"]);
        return encodings.ToArray();
    }

    private static byte[] Append(byte[] target, string suffix) => Concat(target, Ascii(suffix));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Ascii(string value) => Encoding.UTF8.GetBytes(value);

    private static void Write(MemoryStream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
